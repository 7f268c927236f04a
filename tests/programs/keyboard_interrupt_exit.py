"""An uncaught KeyboardInterrupt: traceback on stderr, process killed by SIGINT like CPython 3.8."""


def long_running():
    for step in range(5):
        print('step', step)
        if step == 2:
            raise KeyboardInterrupt


try:
    long_running()
except KeyboardInterrupt:
    print('interrupted once, continuing')
print('second run')
long_running()
