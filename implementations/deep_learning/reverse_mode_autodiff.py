"""reverse-mode-autodiff: adjoints of a computational graph, accumulated in one backward sweep.

Follows Goodfellow et al. ch. 6 (general back-propagation on a computational graph), d2l-zh
sec. 2.5 (automatic differentiation) and qiu-nndl ch. 4. A graph is a list of nodes in
topological order, node i = (op, args) with args indices of earlier nodes; the last node is
the output. Reverse mode visits the nodes backwards once and adds each node's contribution
adjoint[arg] += adjoint[i] * d node_i / d arg.
Checks: forward values against the same expression in plain Python; gradients of
x*y + sin(x) and of a node used three times (x*x*x: fan-out needs accumulation, 3x^2) against
their closed forms; 30 random graphs of add/sub/mul/div/sin/exp/log/tanh against central
finite differences of an independent evaluator; nodes the output does not depend on get
adjoint 0 and the output's own adjoint is 1.
"""

from __future__ import annotations

import math

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["forward", "backward"]

DOC_ZH = {
    "forward": """计算图的前向求值。graph 是按拓扑序排列的节点列表，节点为 (op, args)：
("input", (k,)) 取 x[k]；("const", (c,)) 是常数 c；"add"、"sub"、"mul"、"div" 有两个参数（前面节点的下标）；
"sin"、"exp"、"log"、"tanh" 有一个参数。输出：每个节点的值组成的列表。

>>> g = [("input", (0,)), ("input", (1,)), ("mul", (0, 1)), ("sin", (0,)), ("add", (2, 3))]
>>> round(forward(g, [2.0, 3.0])[-1], 6)
6.909297
""",
    "backward": """反向模式自动微分：给定 forward 得到的 values，返回每个节点的伴随值 d 输出 / d 节点（输出为最后一个节点）。
从输出（伴随值为 1）开始逆序遍历一次，对每个参数累加 adjoint[arg] += adjoint[i] * 局部导数。

>>> g = [("input", (0,)), ("input", (1,)), ("mul", (0, 1)), ("sin", (0,)), ("add", (2, 3))]
>>> [round(a, 6) for a in backward(g, forward(g, [2.0, 3.0]))[:2]]
[2.583853, 2.0]
""",
}

HINTS = {
    "en": (
        "Every node only needs its local derivatives with respect to its own arguments; the "
        "chain rule does the rest if you go through the nodes from the output backwards.",
        "adj = [0]*n, adj[-1] = 1; for i from n-1 down to 0: for each argument j of node i, "
        "adj[j] += adj[i] * d(node i)/d(node j). Use +=: a node used twice gets two "
        "contributions.",
    ),
    "zh": (
        "每个节点只需要知道自己对其参数的局部导数；从输出往回遍历节点，链式法则会完成其余的事。",
        "adj = [0]*n，adj[-1] = 1；i 从 n-1 递减到 0：对节点 i 的每个参数 j，adj[j] += adj[i] * d(节点 i)/d(节点 j)。"
        "一定要用 +=：被使用两次的节点会得到两份贡献。",
    ),
}

UNARY = {"sin": math.sin, "exp": math.exp, "log": math.log, "tanh": math.tanh}


def forward(graph, x):
    """Evaluate a computational graph. graph lists nodes (op, args) in topological order:
    ("input", (k,)) is x[k]; ("const", (c,)) the constant c; "add", "sub", "mul", "div" take two
    earlier node indices; "sin", "exp", "log", "tanh" take one. Output: the list of node values.

    >>> g = [("input", (0,)), ("input", (1,)), ("mul", (0, 1)), ("sin", (0,)), ("add", (2, 3))]
    >>> round(forward(g, [2.0, 3.0])[-1], 6)
    6.909297
    """
    v = []
    for op, args in graph:
        if op == "input":
            v.append(float(x[args[0]]))
        elif op == "const":
            v.append(float(args[0]))
        elif op in UNARY:
            v.append(UNARY[op](v[args[0]]))
        else:
            a, b = v[args[0]], v[args[1]]
            if op == "add":
                v.append(a + b)
            elif op == "sub":
                v.append(a - b)
            elif op == "mul":
                v.append(a * b)
            else:
                v.append(a / b)
    return v


def backward(graph, values):
    """Reverse-mode autodiff: the adjoint d output / d node of every node, given the values from
    forward (the output is the last node). One sweep from the output (adjoint 1) backwards,
    adding adjoint[arg] += adjoint[i] * local derivative.

    >>> g = [("input", (0,)), ("input", (1,)), ("mul", (0, 1)), ("sin", (0,)), ("add", (2, 3))]
    >>> [round(a, 6) for a in backward(g, forward(g, [2.0, 3.0]))[:2]]
    [2.583853, 2.0]
    """
    adj = [0.0] * len(graph)
    adj[-1] = 1.0
    for i in range(len(graph) - 1, -1, -1):
        op, args = graph[i]
        g = adj[i]
        if op in ("input", "const"):
            continue
        j = args[0]
        if op == "sin":
            adj[j] += g * math.cos(values[j])
        elif op == "exp":
            adj[j] += g * values[i]
        elif op == "log":
            adj[j] += g / values[j]
        elif op == "tanh":
            adj[j] += g * (1 - values[i] ** 2)
        else:
            k = args[1]
            a, b = values[j], values[k]
            if op == "add":
                adj[j] += g
                adj[k] += g
            elif op == "sub":
                adj[j] += g
                adj[k] -= g
            elif op == "mul":
                adj[j] += g * b
                adj[k] += g * a
            else:  # div
                adj[j] += g / b
                adj[k] -= g * a / b**2
    return adj


def _eval(graph, x):
    """Independent evaluator (numpy functions, one pass)."""
    fns = {
        "add": np.add,
        "sub": np.subtract,
        "mul": np.multiply,
        "div": np.divide,
        "sin": np.sin,
        "exp": np.exp,
        "log": np.log,
        "tanh": np.tanh,
    }
    v = []
    for op, args in graph:
        if op == "input":
            v.append(x[args[0]])
        elif op == "const":
            v.append(args[0])
        else:
            v.append(fns[op](*[v[a] for a in args]))
    return float(v[-1])


def _random_graph(rng, n_in, n_ops):
    g = [("input", (k,)) for k in range(n_in)] + [("const", (float(rng.uniform(0.5, 2)),))]
    for _ in range(n_ops):
        op = rng.choice(["add", "sub", "mul", "div", "sin", "exp", "log", "tanh"])
        if op in ("sin", "exp", "log", "tanh"):
            j = int(rng.integers(len(g)))
            if op == "exp":
                g.append(("tanh", (j,)))
                j = len(g) - 1  # bounded argument for exp
            if op == "log":
                g.append(("mul", (j, j)))
                g.append(("add", (len(g) - 1, n_in)))  # x^2 + c >= 0.5
                j = len(g) - 1
            g.append((str(op), (j,)))
        else:
            j, k = (int(t) for t in rng.integers(len(g), size=2))
            if op == "div":
                g.append(("mul", (k, k)))
                g.append(("add", (len(g) - 1, n_in)))  # k^2 + c >= 0.5
                k = len(g) - 1
            g.append((str(op), (j, k)))
    return g


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Reverse-mode automatic differentiation")
    rng = np.random.default_rng(0)

    g1 = [("input", (0,)), ("input", (1,)), ("mul", (0, 1)), ("sin", (0,)), ("add", (2, 3))]
    x, y = 0.7, -1.3
    with r.case("forward: x*y + sin(x)") as c:
        c.close(f.forward(g1, [x, y])[-1], x * y + math.sin(x), rtol=1e-14)
    with r.case("gradient of x*y + sin(x) = (y + cos x, x)") as c:
        adj = f.backward(g1, f.forward(g1, [x, y]))
        c.close(adj[:2], [y + math.cos(x), x], rtol=1e-14)
        c.close(adj[-1], 1.0)
    with r.case("fan-out: x*x*x has derivative 3 x^2 (contributions add up)") as c:
        g = [("input", (0,)), ("mul", (0, 0)), ("mul", (1, 0))]
        c.close(f.backward(g, f.forward(g, [1.5]))[0], 3 * 1.5**2, rtol=1e-14)
    with r.case("every op: exp, log, tanh, sub, div against closed forms") as c:
        g = [
            ("input", (0,)),
            ("input", (1,)),
            ("exp", (0,)),
            ("log", (1,)),
            ("tanh", (0,)),
            ("sub", (2, 3)),
            ("div", (5, 4)),
        ]
        a, b = 0.4, 2.5
        val = (math.exp(a) - math.log(b)) / math.tanh(a)
        da = math.exp(a) / math.tanh(a) - val * (1 - math.tanh(a) ** 2) / math.tanh(a)
        db = -1 / b / math.tanh(a)
        vals = f.forward(g, [a, b])
        c.close(vals[-1], val, rtol=1e-13)
        c.close(f.backward(g, vals)[:2], [da, db], rtol=1e-12)
    with r.case("nodes the output does not use have adjoint 0") as c:
        g = [("input", (0,)), ("input", (1,)), ("sin", (1,)), ("exp", (0,))]
        adj = f.backward(g, f.forward(g, [0.3, 0.9]))
        c.close(adj, [math.exp(0.3), 0.0, 0.0, 1.0], rtol=1e-14)

    worst = 0.0
    with r.case("30 random graphs: input adjoints = central finite differences") as c:
        for _ in range(30):
            n_in = 3
            g = _random_graph(rng, n_in, 12)
            xv = rng.normal(size=n_in)
            adj = f.backward(g, f.forward(g, list(xv)))
            c.close(f.forward(g, list(xv))[-1], _eval(g, xv), rtol=1e-12, atol=1e-12)
            h = 1e-6
            for k in range(n_in):
                e = np.zeros(n_in)
                e[k] = h
                fd = (_eval(g, xv + e) - _eval(g, xv - e)) / (2 * h)
                worst = max(worst, abs(adj[k] - fd) / (1 + abs(fd)))
                c.close(adj[k], fd, rtol=1e-5, atol=1e-6)
    r.figure("worst relative gradient error over random graphs", worst)
    return r


if __name__ == "__main__":
    main(run)
