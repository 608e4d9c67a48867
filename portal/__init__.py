"""Portal standards: xAPI statements and their delivery to an LRS (LTI 1.3 to come).

Free of web-framework code: api/ wires these into routes and the app's lifespan."""
