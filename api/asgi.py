"""The ASGI application for uvicorn workers: ``uvicorn api.asgi:app``."""

import gc

from api.main import create_app

app = create_app()

# The curriculum and the app live as long as the worker. Moving them out of the cyclic
# GC's reach spares the first requests a full collection over all of them (at 10^5
# concepts the first plan took 160 ms instead of 87 ms; docs/scale.md).
gc.collect()
gc.freeze()
