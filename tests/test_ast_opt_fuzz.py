"""Random constant expressions: our folds must equal CPython 3.8's (fixed seed, so repeatable)."""
import random

from tests.test_ast_opt import check, oracle_folds

ATOMS = ['0', '1', '-1', '2', '3', '7', '64', '127', '128', '129', '255', '256', '257', '1000',
         '4096', '2**62', '2**63', '2**64', '2**100', '-2**64', 'True', 'False', 'None', '0.0',
         '-0.0', '1.5', '2.5', '1e300', '1e-300', '3j', '(1+2j)', '"a"', '"ab"', '""', 'b"x"',
         'b""', '()', '(1,)', '(1, 2)', '((1,), 2)', '"abc"', '...', '[1]', '{2}', '(1, "a")']
BINARY = ['+', '-', '*', '/', '//', '%', '**', '<<', '>>', '|', '^', '&', '@']
UNARY = ['-', '+', '~', 'not ']


def random_expression(rng: random.Random, depth: int) -> str:
    if depth == 0 or rng.random() < 0.3:
        return rng.choice(ATOMS)
    choice = rng.random()
    if choice < 0.6:
        return '(%s %s %s)' % (random_expression(rng, depth - 1), rng.choice(BINARY),
                               random_expression(rng, depth - 1))
    if choice < 0.8:
        return '(%s%s)' % (rng.choice(UNARY), random_expression(rng, depth - 1))
    if choice < 0.9:
        return '(%s)[%s]' % (random_expression(rng, depth - 1), random_expression(rng, 0))
    return '(%s, %s)' % (random_expression(rng, depth - 1), random_expression(rng, depth - 1))


def test_random_folds_match_oracle(oracle):
    rng = random.Random(38)
    expressions = [random_expression(rng, 3) for _ in range(1500)]
    check(oracle_folds(oracle, expressions), expressions)
