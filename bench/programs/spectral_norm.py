"""Spectral norm of an infinite matrix (power method)."""
import sys


def eval_a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def eval_a_times_u(u):
    n = len(u)
    return [sum(eval_a(i, j) * u[j] for j in range(n)) for i in range(n)]


def eval_at_times_u(u):
    n = len(u)
    return [sum(eval_a(j, i) * u[j] for j in range(n)) for i in range(n)]


def eval_ata_times_u(u):
    return eval_at_times_u(eval_a_times_u(u))


n = int(sys.argv[1]) if len(sys.argv) > 1 else 130
u = [1.0] * n
for _ in range(10):
    v = eval_ata_times_u(u)
    u = eval_ata_times_u(v)
vbv = sum(ue * ve for ue, ve in zip(u, v))
vv = sum(ve * ve for ve in v)
print('%.9f' % (vbv / vv) ** 0.5)
