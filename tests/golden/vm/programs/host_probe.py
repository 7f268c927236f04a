def probe():
    pass
probe = globals().get('probe_hook', probe)
try:
    1 / 0
except ZeroDivisionError:
    probe()
probe()
print('probed')
