"""continuous-batching: iteration-level scheduling of generation requests vs static batches.

Follows Yu et al., "Orca: A Distributed Serving System for Transformer-Based Generative
Models" (OSDI 2022): with request-level (static) batching a batch runs until its
longest request finishes, so short requests wait and slots idle; with iteration-level
scheduling the scheduler re-forms the batch after every decoding iteration, so a finished
request leaves at once and a queued one takes its slot. vLLM (Kwon et al., arXiv 2309.06180)
serves with the same iteration-level scheduling. Here request i needs L_i decoding
iterations (one token each), a batch holds at most B requests, and time is counted in
iterations. Checks: static finish times against the per-batch maxima; continuous finish times
against an independent priority-queue list scheduler (each request, in arrival order, takes
the slot that frees first); a hand-worked case; lower bounds max L_i and ceil(sum L_i / B)
on the makespan; continuous batching is never worse than static batching in makespan or mean
latency; no iteration ever runs more than B requests.
"""

from __future__ import annotations

import heapq

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["static_batch_finish", "continuous_batch_finish"]

DOC_ZH = {
    "static_batch_finish": """请求级（静态）批处理：按到达顺序每 B 个请求组成一批，一批要跑到其中最长的请求结束，下一批才开始。

输入：lengths，每个请求需要的解码迭代数（全部在时刻 0 到达）；B，批大小。
输出：整数数组，请求 i 的完成时刻 = 它所在批次的结束时刻（以迭代计）。

>>> static_batch_finish([3, 1, 2], 2).tolist()
[3, 3, 5]
""",
    "continuous_batch_finish": """迭代级（连续）批处理：每次迭代后，完成的请求立即离开，排队的请求按到达顺序补进空出的槽位。

输入：lengths；B；arrivals，每个请求的到达时刻（整数，非降序；None 表示全为 0）。
输出：整数数组，请求 i 的完成时刻 = 开始时刻 + lengths[i]。

>>> continuous_batch_finish([3, 1, 2], 2).tolist()
[3, 1, 3]
""",
}

HINTS = {
    "en": (
        "Simulate iteration by iteration: keep up to B running requests, and after every "
        "iteration let finished ones leave and admit queued ones that have arrived.",
        "Static: batch k = requests kB..kB+B-1 starts when batch k-1 ends and ends max(L) later; "
        "every request in it finishes then. Continuous: a request starts at the first iteration "
        "boundary where it has arrived and a slot is free, and finishes L_i iterations later.",
    ),
    "zh": (
        "逐次迭代模拟：最多保留 B 个运行中的请求，每次迭代后让完成的请求离开，并放入已到达的排队请求。",
        "静态：第 k 批为请求 kB..kB+B-1，在第 k-1 批结束时开始，再过 max(L) 次迭代结束，批内每个请求都在这时完成。"
        "连续：请求在它已到达且有空槽的第一个迭代边界开始，再过 L_i 次迭代完成。",
    ),
}


def static_batch_finish(lengths, B):
    """Request-level (static) batching: in arrival order, every B requests form a batch that
    runs until its longest request is done; the next batch starts after that.

    Input: lengths, the decoding iterations each request needs (all arrive at time 0); B, the
    batch size. Output: an int array, the finish time of request i = the end of its batch
    (in iterations).

    >>> static_batch_finish([3, 1, 2], 2).tolist()
    [3, 3, 5]
    """
    out = np.zeros(len(lengths), int)
    t = 0
    for s in range(0, len(lengths), B):
        t += max(lengths[s : s + B])
        out[s : s + B] = t
    return out


def continuous_batch_finish(lengths, B, arrivals=None):
    """Iteration-level (continuous) batching: after each iteration finished requests leave at
    once and queued requests, in arrival order, take the free slots.

    Input: lengths; B; arrivals, integer arrival times in non-decreasing order (None: all 0).
    Output: an int array, the finish time of request i = its start + lengths[i].

    >>> continuous_batch_finish([3, 1, 2], 2).tolist()
    [3, 1, 3]
    """
    n = len(lengths)
    arr = [0] * n if arrivals is None else list(arrivals)
    finish = np.zeros(n, int)
    running = {}  # request -> remaining iterations
    nxt, t = 0, 0
    while nxt < n or running:
        while nxt < n and len(running) < B and arr[nxt] <= t:
            running[nxt] = lengths[nxt]
            nxt += 1
        if not running:
            t = arr[nxt]  # idle until the next arrival
            continue
        t += 1  # one decoding iteration for every running request
        for i in list(running):
            running[i] -= 1
            if running[i] == 0:
                finish[i] = t
                del running[i]
    return finish


def list_schedule(lengths, B, arrivals):
    """Independent reference: FIFO list scheduling on B identical slots with a heap."""
    slots = [0] * B
    heapq.heapify(slots)
    out = []
    for L, a in zip(lengths, arrivals):
        free = heapq.heappop(slots)
        start = max(free, a)
        out.append(start + L)
        heapq.heappush(slots, start + L)
    return np.array(out)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Continuous batching (Orca) vs static batching")

    with r.case("hand-worked case: B = 2, lengths 5, 1, 1, 1") as c:
        c.equal(np.asarray(f.static_batch_finish([5, 1, 1, 1], 2)), [5, 5, 6, 6])
        c.equal(np.asarray(f.continuous_batch_finish([5, 1, 1, 1], 2)), [5, 1, 2, 3])

    cases = []
    for _ in range(30):
        n, B = int(rng.integers(1, 25)), int(rng.integers(1, 6))
        cases.append((list(rng.integers(1, 40, n)), B))

    with r.case("static finish times are the running sums of per-batch maxima") as c:
        for L, B in cases:
            want, t = [], 0
            for k in range(-(-len(L) // B)):
                grp = L[k * B : (k + 1) * B]
                t += max(grp)
                want += [t] * len(grp)
            c.equal(np.asarray(f.static_batch_finish(L, B)), want)

    with r.case("continuous finish times equal FIFO list scheduling (heap), all at t = 0") as c:
        for L, B in cases:
            c.equal(np.asarray(f.continuous_batch_finish(L, B)), list_schedule(L, B, [0] * len(L)))

    with r.case("... and with staggered arrivals, including idle gaps") as c:
        for L, B in cases:
            arr = np.cumsum(rng.integers(0, 30, len(L))).tolist()
            got = np.asarray(f.continuous_batch_finish(L, B, arr))
            c.equal(got, list_schedule(L, B, arr))

    with r.case("at most B requests run in any iteration") as c:
        for L, B in cases:
            fin = np.asarray(f.continuous_batch_finish(L, B))
            start = fin - np.array(L)
            for t in range(int(fin.max())):
                c.true(int(np.sum((start <= t) & (t < fin))) <= B, f"t={t}")
            c.true(bool(np.all(start >= 0)))

    gains = []
    with r.case("makespan >= max(L), >= ceil(sum L / B); continuous never worse than static") as c:
        for L, B in cases:
            st = np.asarray(f.static_batch_finish(L, B))
            co = np.asarray(f.continuous_batch_finish(L, B))
            c.true(co.max() >= max(L) and co.max() >= -(-sum(L) // B))
            c.true(co.max() <= st.max() and co.mean() <= st.mean() + 1e-12)
            gains.append(round(float(st.mean() / co.mean()), 2))
    r.figure("mean latency static / continuous over 30 random workloads", gains)
    return r


if __name__ == "__main__":
    main(run)
