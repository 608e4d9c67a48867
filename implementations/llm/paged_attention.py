"""paged-attention: a KV cache stored in fixed-size blocks addressed through block tables.

Follows Kwon et al., "Efficient Memory Management for Large Language Model Serving with
PagedAttention" (vLLM, arXiv 2309.06180), Sec. 4.1-4.3: each sequence's keys and values live
in fixed-size physical blocks that need not be contiguous; a block table maps logical block
b of a sequence to a physical block; attention gathers K and V through the table; memory is
allocated one block at a time, so at most block_size - 1 slots per sequence are wasted, and
parallel samples can share the prompt's blocks. Checks: with many sequences written token by
token in interleaved order into blocks taken from a shuffled free list, the gathered cache of
every sequence equals its contiguous cache; paged attention equals dense softmax attention
(scipy softmax) on the contiguous cache; two samples sharing prompt blocks read the same
prompt keys; block counts equal ceil(L / block_size) and the waste is below one block per
sequence, against reserving the maximum length.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import softmax

from implementations._common import Report, main, solution

EXERCISE = ["slot_of", "gather_kv", "paged_attention", "blocks_needed"]

DOC_ZH = {
    "slot_of": """逻辑位置到物理槽位：第 pos 个词元存放在哪个物理块的哪个偏移。

输入：block_table，整数列表，第 b 项是该序列第 b 个逻辑块对应的物理块号；pos，词元位置（从 0 开始）；block_size。
输出：(物理块号, 块内偏移) = (block_table[pos // block_size], pos % block_size)。

>>> slot_of([7, 2], 5, 4)
(2, 1)
""",
    "gather_kv": """按块表把一个序列的 K（或 V）从分页缓存中收集成连续数组。

输入：cache，形状 (num_blocks, block_size, d)；block_table；length，序列长度。
输出：形状 (length, d) 的数组，第 t 行为位置 t 的向量。

>>> cache = np.arange(8.0).reshape(4, 2, 1)
>>> gather_kv(cache, [3, 0], 3).ravel().tolist()
[6.0, 7.0, 0.0]
""",
    "paged_attention": """分页注意力：一个查询向量对某序列全部缓存的键值做缩放点积注意力。

输入：q，形状 (d,)；k_cache、v_cache，形状 (num_blocks, block_size, d)；block_table；length。
输出：形状 (d,) 的输出 softmax(K q / sqrt(d)) 加权的 V 之和。

>>> kc = np.zeros((2, 2, 1)); vc = np.arange(4.0).reshape(2, 2, 1)
>>> paged_attention(np.ones(1), kc, vc, [1, 0], 2).tolist()
[2.5]
""",
    "blocks_needed": """长度为 length 的序列需要的物理块数，以及最后一块里空着的槽位数。

输入：length；block_size。
输出：(块数, 浪费的槽位数) = (ceil(length / block_size), 块数 * block_size - length)。

>>> blocks_needed(10, 4)
(3, 2)
""",
}

HINTS = {
    "en": (
        "A block table works like a page table: split a position into (logical block, offset), "
        "then look the logical block up to find where it lives.",
        "slot = (table[pos // B], pos % B); gather K by stacking cache[table[b]] for the "
        "ceil(L/B) logical blocks and cutting to L rows; attention = softmax(K q / sqrt(d)) @ V; "
        "blocks = ceil(L / B), waste = blocks * B - L.",
    ),
    "zh": (
        "块表就像页表：把位置拆成（逻辑块，偏移），再查表找到逻辑块实际存放的物理块。",
        "slot = (table[pos // B], pos % B)；收集 K 时依次拼接 ceil(L/B) 个逻辑块对应的 cache[table[b]]，再截取前 L 行；"
        "注意力 = softmax(K q / sqrt(d)) @ V；块数 = ceil(L / B)，浪费 = 块数 * B - L。",
    ),
}


def slot_of(block_table, pos, block_size):
    """Logical position to physical slot: which physical block and offset hold token pos.

    Input: block_table, a list whose entry b is the physical block of the sequence's logical
    block b; pos, the token position (from 0); block_size. Output: (physical block, offset) =
    (block_table[pos // block_size], pos % block_size).

    >>> slot_of([7, 2], 5, 4)
    (2, 1)
    """
    return block_table[pos // block_size], pos % block_size


def gather_kv(cache, block_table, length):
    """Gather one sequence's K (or V) from the paged cache into a contiguous array.

    Input: cache of shape (num_blocks, block_size, d); block_table; length, the sequence
    length. Output: an array (length, d) whose row t is the vector of position t.

    >>> cache = np.arange(8.0).reshape(4, 2, 1)
    >>> gather_kv(cache, [3, 0], 3).ravel().tolist()
    [6.0, 7.0, 0.0]
    """
    bs = cache.shape[1]
    nb = -(-length // bs)
    return np.concatenate([cache[block_table[b]] for b in range(nb)], axis=0)[:length]


def paged_attention(q, k_cache, v_cache, block_table, length):
    """Paged attention: scaled dot-product attention of one query over a sequence's cache.

    Input: q (d,); k_cache and v_cache (num_blocks, block_size, d); block_table; length.
    Output: (d,), the softmax(K q / sqrt(d))-weighted sum of the rows of V.

    >>> kc = np.zeros((2, 2, 1)); vc = np.arange(4.0).reshape(2, 2, 1)
    >>> paged_attention(np.ones(1), kc, vc, [1, 0], 2).tolist()
    [2.5]
    """
    K = gather_kv(k_cache, block_table, length)
    V = gather_kv(v_cache, block_table, length)
    s = K @ q / np.sqrt(len(q))
    w = np.exp(s - s.max())
    return (w / w.sum()) @ V


def blocks_needed(length, block_size):
    """Physical blocks a sequence of this length needs, and the empty slots in its last block.

    Input: length; block_size. Output: (blocks, wasted slots) = (ceil(length / block_size),
    blocks * block_size - length).

    >>> blocks_needed(10, 4)
    (3, 2)
    """
    nb = -(-length // block_size)
    return nb, nb * block_size - length


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("PagedAttention: block tables, gathered caches and dense attention")
    B, d, nblocks = 4, 8, 64
    lengths = [1, 3, 4, 5, 9, 16, 23]
    free = list(rng.permutation(nblocks))
    kc = np.full((nblocks, B, d), np.nan)  # unwritten slots are NaN: reading one shows
    vc = np.full((nblocks, B, d), np.nan)
    tables = [[] for _ in lengths]
    contig_k = [np.zeros((L, d)) for L in lengths]
    contig_v = [np.zeros((L, d)) for L in lengths]
    # Decode-style interleaving: at each step every unfinished sequence appends one token.
    with r.case("token-by-token writes through slot_of land in distinct slots") as c:
        used = set()
        for t in range(max(lengths)):
            for s, L in enumerate(lengths):
                if t >= L:
                    continue
                if t % B == 0:
                    tables[s].append(int(free.pop()))  # allocate on demand
                k, v = rng.normal(size=d), rng.normal(size=d)
                blk, off = f.slot_of(tables[s], t, B)
                c.true((blk, off) == (tables[s][t // B], t % B), f"seq {s} pos {t}")
                used.add((int(blk), int(off)))
                kc[blk, off], vc[blk, off] = k, v
                contig_k[s][t], contig_v[s][t] = k, v
        c.equal(len(used), sum(lengths))

    with r.case("gathered cache equals the contiguous cache for every sequence") as c:
        for s, L in enumerate(lengths):
            c.equal(np.asarray(f.gather_kv(kc, tables[s], L)), contig_k[s])
            c.equal(np.asarray(f.gather_kv(vc, tables[s], L)), contig_v[s])

    with r.case("paged attention equals dense softmax attention on the contiguous cache") as c:
        for s, L in enumerate(lengths):
            q = rng.normal(size=d) * 2
            w = softmax(contig_k[s] @ q / np.sqrt(d))
            c.close(f.paged_attention(q, kc, vc, tables[s], L), w @ contig_v[s], rtol=1e-10)
            c.close(
                f.paged_attention(q, kc, vc, tables[s], L - 1 or 1),
                dense(q, s, L, contig_k, contig_v),
            )

    with r.case("large scores (|q.k| / sqrt(d) up to 600) give a finite, exact result") as c:
        s = 6
        L = lengths[s]
        kbig = rng.normal(size=(L, d))
        kbig /= np.linalg.norm(kbig, axis=1, keepdims=True)
        kc2 = kc.copy()
        for t in range(L):
            blk, off = tables[s][t // B], t % B
            kc2[blk, off] = kbig[t]
        q = kbig[3] * 600 * np.sqrt(d)
        want = softmax(kbig @ q / np.sqrt(d)) @ contig_v[s]
        c.close(f.paged_attention(q, kc2, vc, tables[s], L), want, rtol=1e-10)

    with r.case("two samples sharing the prompt's blocks see the same prompt keys") as c:
        prompt = 8  # two full blocks shared; each sample then writes its own block
        shared = tables[5][:2]
        a_tab, b_tab = shared + [int(free.pop())], shared + [int(free.pop())]
        for tab in (a_tab, b_tab):
            kc[tab[2]] = rng.normal(size=(B, d))
        ka, kb = f.gather_kv(kc, a_tab, prompt + B), f.gather_kv(kc, b_tab, prompt + B)
        c.equal(np.asarray(ka)[:prompt], contig_k[5][:prompt])
        c.equal(np.asarray(kb)[:prompt], contig_k[5][:prompt])
        c.true(
            not np.allclose(np.asarray(ka)[prompt:], np.asarray(kb)[prompt:]), "own blocks differ"
        )

    with r.case("blocks = ceil(L / B), waste < B; far below reserving the maximum length") as c:
        for L in range(1, 40):
            for bs in (1, 4, 16):
                nb, waste = f.blocks_needed(L, bs)
                c.equal(nb, math.ceil(L / bs))
                c.equal(waste, nb * bs - L)
        reqs = rng.integers(1, 512, 100)
        paged = sum(f.blocks_needed(int(L), 16)[1] for L in reqs)
        static = sum(2048 - int(L) for L in reqs)
        r.figure("wasted KV slots for 100 requests: paged (B=16) | reserve 2048", [paged, static])
        c.true(paged < 16 * len(reqs) and paged < static / 50)
    return r


def dense(q, s, L, ks, vs):
    L = L - 1 or 1
    K, V = ks[s][:L], vs[s][:L]
    return softmax(K @ q / np.sqrt(len(q))) @ V


if __name__ == "__main__":
    main(run)
