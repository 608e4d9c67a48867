"""The ASGI application for uvicorn workers: ``uvicorn api.asgi:app``."""

import gc
import sys

from api.main import create_app

app = create_app()

# The curriculum and the app live as long as the worker. Moving them out of the cyclic
# GC's reach spares the first requests a full collection over all of them (at 10^5
# concepts the first plan took 160 ms instead of 87 ms; docs/scale.md).
gc.collect()
gc.freeze()

# The event loop shares the GIL with the database and computation threads. At CPython's
# default 5 ms switch interval, a loop waiting behind a few busy threads answered /health
# in 0.5-1 s during a flood of 200 writes; at 1 ms it answers in about 0.1 s, for a few
# per cent of throughput (docs/reliability.md, benchmarks/hardening.py).
sys.setswitchinterval(0.001)
