"""byte-level-models: UTF-8 bytes as the vocabulary, and entropy-based patching.

Follows Xue et al., "ByT5: Towards a token-free future with pre-trained byte-to-byte models"
(arXiv 2105.13626): a standard Transformer reads and writes UTF-8 bytes directly, so the
vocabulary is the 256 byte values and any language or string is covered, at the price of
longer sequences; and Pagnoni et al., "Byte Latent Transformer" (arXiv 2412.09871): bytes are
grouped into dynamically sized patches, a new patch starting where the entropy of a small
byte model's next-byte distribution is high (a global threshold). Checks: the learner's UTF-8
encoder and decoder against Python's codec on ASCII, accented, CJK and emoji text and on
random code points (surrogates excluded), and the 1-4 byte lengths at the range boundaries;
patches against the threshold rule applied by brute force, nesting as the threshold grows,
and the extremes (every byte its own patch, one patch); a bigram byte model makes patches
longer on predictable text than on random bytes.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["utf8_encode", "utf8_decode", "entropy_patch_starts"]

DOC_ZH = {
    "utf8_encode": """手写 UTF-8 编码：把每个码点编码成 1 到 4 个字节。

规则：< 0x80 → 0xxxxxxx；< 0x800 → 110xxxxx 10xxxxxx；< 0x10000 → 1110xxxx 10xxxxxx 10xxxxxx；否则 11110xxx 后跟 3 个 10xxxxxx。
输入：text，字符串（不含代理码点）。
输出：整数列表（每个 0..255）。

>>> utf8_encode("aé中")
[97, 195, 169, 228, 184, 173]
""",
    "utf8_decode": """手写 UTF-8 解码：由首字节判断长度，再拼出码点。

输入：data，合法 UTF-8 的整数列表。
输出：字符串。

>>> utf8_decode([97, 195, 169, 228, 184, 173])
'aé中'
""",
    "entropy_patch_starts": """按熵分块（BLT 的全局阈值规则）：位置 0 总是块的开头；位置 t（t >= 1）当下一字节分布的熵 H[t] > threshold 时开始一个新块。

输入：H，长度为字节数的熵数组（H[t] 是预测第 t 个字节时的熵）；threshold。
输出：升序的块起始位置列表。

>>> entropy_patch_starts(np.array([3.0, 0.1, 2.5, 0.2, 0.3]), 1.0)
[0, 2]
""",
}

HINTS = {
    "en": (
        "UTF-8 spends more bytes on larger code points: count how many payload bits the code "
        "point needs, pick the 1-4 byte pattern, and fill its x bits from the top.",
        "2 bytes: 0xC0 | cp >> 6, 0x80 | cp & 0x3F; 3 bytes: 0xE0 | cp >> 12, then two "
        "0x80 | 6-bit groups; 4 bytes: 0xF0 | cp >> 18, then three. Decoding reverses this. "
        "Patches: starts = [0] + [t >= 1 with H[t] > threshold].",
    ),
    "zh": (
        "UTF-8 对越大的码点用越多的字节：先看码点需要多少有效位，选 1-4 字节的模式，再从高位起填入 x 位。",
        "2 字节：0xC0 | cp >> 6，0x80 | cp & 0x3F；3 字节：0xE0 | cp >> 12，再接两个 0x80 | 6 位组；"
        "4 字节：0xF0 | cp >> 18，再接三个。解码反过来做。分块：starts = [0] + [t >= 1 且 H[t] > threshold]。",
    ),
}


def utf8_encode(text):
    """UTF-8 by hand: each code point becomes 1 to 4 bytes.

    Rules: < 0x80 -> 0xxxxxxx; < 0x800 -> 110xxxxx 10xxxxxx; < 0x10000 -> 1110xxxx 10xxxxxx
    10xxxxxx; otherwise 11110xxx followed by three 10xxxxxx. Input: text, a string (no
    surrogate code points). Output: a list of ints in 0..255.

    >>> utf8_encode("aé中")
    [97, 195, 169, 228, 184, 173]
    """
    out = []
    for ch in text:
        cp = ord(ch)
        if cp < 0x80:
            out.append(cp)
        elif cp < 0x800:
            out += [0xC0 | cp >> 6, 0x80 | cp & 0x3F]
        elif cp < 0x10000:
            out += [0xE0 | cp >> 12, 0x80 | cp >> 6 & 0x3F, 0x80 | cp & 0x3F]
        else:
            out += [
                0xF0 | cp >> 18,
                0x80 | cp >> 12 & 0x3F,
                0x80 | cp >> 6 & 0x3F,
                0x80 | cp & 0x3F,
            ]
    return out


def utf8_decode(data):
    """UTF-8 decoding by hand: the lead byte gives the length, the rest the payload bits.

    Input: data, a list of ints forming valid UTF-8. Output: a string.

    >>> utf8_decode([97, 195, 169, 228, 184, 173])
    'aé中'
    """
    chars, i = [], 0
    while i < len(data):
        b = data[i]
        if b < 0x80:
            n, cp = 1, b
        elif b < 0xE0:
            n, cp = 2, b & 0x1F
        elif b < 0xF0:
            n, cp = 3, b & 0x0F
        else:
            n, cp = 4, b & 0x07
        for k in range(1, n):
            cp = cp << 6 | data[i + k] & 0x3F
        chars.append(chr(cp))
        i += n
    return "".join(chars)


def entropy_patch_starts(H, threshold):
    """Entropy patching (BLT's global-threshold rule): position 0 always starts a patch; a
    position t >= 1 starts a new patch when the next-byte entropy H[t] exceeds threshold.

    Input: H, an entropy per byte (H[t] is the entropy when predicting byte t); threshold.
    Output: the patch start positions in increasing order.

    >>> entropy_patch_starts(np.array([3.0, 0.1, 2.5, 0.2, 0.3]), 1.0)
    [0, 2]
    """
    return [0] + [t for t in range(1, len(H)) if H[t] > threshold]


def bigram_entropies(train, data):
    """Entropy (bits) of an add-0.01 bigram byte model's prediction of each byte of data."""
    C = np.full((256, 256), 0.01)
    for a, b in zip(train, train[1:]):
        C[a, b] += 1
    P = C / C.sum(1, keepdims=True)
    Hrow = -(P * np.log2(P)).sum(1)
    prev = [0] + list(data[:-1])
    return Hrow[prev]


TEXTS = [
    "hello, world",
    "naïve café — déjà vu",
    "Größenordnung über Straße",
    "中文字符和标点，。；：（）",
    "日本語のテキスト",
    "emoji 😀🚀 and 𝄞 clef",
    "",
    "\u007f\u0080\u07ff\u0800\uffff\U00010000\U0010ffff",
]


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Byte-level models: UTF-8 bytes and entropy patches")

    with r.case("encoder equals Python's UTF-8 codec") as c:
        for t in TEXTS:
            c.equal(list(f.utf8_encode(t)), list(t.encode("utf-8")))
        cps = rng.integers(0, 0x110000, 400)
        cps = [int(x) for x in cps if not 0xD800 <= x <= 0xDFFF]
        s = "".join(map(chr, cps))
        c.equal(list(f.utf8_encode(s)), list(s.encode("utf-8")))
    with r.case("1, 2, 3, 4 bytes at the code-point range boundaries") as c:
        for cp, n in [
            (0, 1),
            (0x7F, 1),
            (0x80, 2),
            (0x7FF, 2),
            (0x800, 3),
            (0xFFFF, 3),
            (0x10000, 4),
            (0x10FFFF, 4),
        ]:
            c.equal(len(f.utf8_encode(chr(cp))), n)
    with r.case("decoder inverts Python's encoder") as c:
        for t in TEXTS + [s]:
            c.equal(f.utf8_decode(list(t.encode("utf-8"))), t)
    r.figure(
        "bytes per character: English | French | Chinese | emoji",
        [round(len(t.encode()) / len(t), 2) for t in (TEXTS[0], TEXTS[1], TEXTS[3], "😀🚀")],
    )

    H = rng.exponential(1.0, 300)
    with r.case("patch starts follow the threshold rule (brute force)") as c:
        for th in (0.2, 1.0, 2.5):
            want = [t for t in range(len(H)) if t == 0 or H[t] > th]
            c.equal(list(f.entropy_patch_starts(H, th)), want)
        c.equal(list(f.entropy_patch_starts(np.array([5.0, 1.0, 1.0]), 1.0)), [0])
    with r.case("higher thresholds give nested, fewer patches; the extremes") as c:
        prev = None
        for th in (0.1, 0.5, 1.5, 3.0):
            st = set(f.entropy_patch_starts(H, th))
            if prev is not None:
                c.true(st <= prev and len(st) < len(prev), f"th={th}")
            prev = st
        c.equal(len(f.entropy_patch_starts(H, -1.0)), len(H))
        c.equal(list(f.entropy_patch_starts(H, np.inf)), [0])

    text = ("the quick brown fox jumps over the lazy dog. " * 40).encode()
    eng = list(("the lazy dog jumps over the quick brown fox. " * 6).encode())
    noise = [int(x) for x in rng.integers(0, 256, len(eng))]
    with r.case("predictable text gets longer patches than random bytes") as c:
        lens = []
        for data in (eng, noise):
            Hd = bigram_entropies(list(text), data)
            lens.append(len(data) / len(f.entropy_patch_starts(Hd, 4.0)))
        r.figure("mean patch length (bytes): English | random bytes", [round(x, 2) for x in lens])
        c.true(lens[0] > 2 * lens[1], str(lens))
    return r


if __name__ == "__main__":
    main(run)
