"""A unittest suite for a small Stack class, run with a deterministic text report."""
import io
import re
import unittest


class Stack:
    def __init__(self):
        self._items = []

    def push(self, item):
        self._items.append(item)

    def pop(self):
        if not self._items:
            raise IndexError('pop from empty stack')
        return self._items.pop()

    def peek(self):
        return self._items[-1] if self._items else None

    def __len__(self):
        return len(self._items)


class StackTests(unittest.TestCase):
    def setUp(self):
        self.stack = Stack()

    def test_push_pop(self):
        self.stack.push(1)
        self.stack.push(2)
        self.assertEqual(self.stack.pop(), 2)
        self.assertEqual(len(self.stack), 1)

    def test_empty_pop_raises(self):
        with self.assertRaises(IndexError) as ctx:
            self.stack.pop()
        self.assertIn('empty', str(ctx.exception))

    def test_peek(self):
        self.assertIsNone(self.stack.peek())
        self.stack.push('x')
        self.assertEqual(self.stack.peek(), 'x')

    def test_deliberate_failure(self):
        self.assertEqual(len(self.stack), 1, 'stack should not be empty')

    @unittest.skip('not implemented yet')
    def test_skipped(self):
        pass

    @unittest.expectedFailure
    def test_expected_failure(self):
        self.assertTrue(False)

    def test_subtests(self):
        for n in range(3):
            with self.subTest(n=n):
                self.stack.push(n)
                self.assertEqual(self.stack.peek(), n)

    def test_error(self):
        raise RuntimeError('boom')


stream = io.StringIO()
suite = unittest.defaultTestLoader.loadTestsFromTestCase(StackTests)
result = unittest.TextTestRunner(stream=stream, verbosity=2).run(suite)
lines = stream.getvalue().splitlines()
for line in lines:
    if line.startswith('Ran ') or line.startswith('FAILED') or line == 'OK':
        print(re.sub(r'in \d+\.\d+s', 'in <time>', line))
print('run', result.testsRun, 'failures', [t.id().split('.')[-1] for t, _ in result.failures])
print('errors', [t.id().split('.')[-1] for t, _ in result.errors], 'skipped', len(result.skipped))
print('expected failures', len(result.expectedFailures), 'ok', result.wasSuccessful())
print([msg.strip().splitlines()[-1] for _, msg in result.failures + result.errors])
