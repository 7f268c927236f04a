"""An event scheduler on asyncio: periodic tasks, timeouts, cancellation, gather."""
import asyncio

log = []


async def worker(name, jobs, results):
    while True:
        job = await jobs.get()
        if job is None:
            jobs.task_done()
            log.append('%s stops' % name)
            return name
        await asyncio.sleep(0)
        results.append((job, name, job * job))
        jobs.task_done()


async def ticker(count):
    for tick in range(count):
        log.append('tick %d' % tick)
        await asyncio.sleep(0)
    return count


async def slow():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        log.append('slow was cancelled')
        raise


async def main():
    jobs = asyncio.Queue()
    results = []
    workers = [asyncio.ensure_future(worker('w%d' % i, jobs, results)) for i in range(3)]
    for job in range(1, 10):
        jobs.put_nowait(job)
    for _ in workers:
        jobs.put_nowait(None)
    ticks = await ticker(3)
    names = await asyncio.gather(*workers)
    print('workers:', names, 'ticks:', ticks)
    print('results:', sorted(result[2] for result in results))
    task = asyncio.ensure_future(slow())
    await asyncio.sleep(0)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print('cancelled ok')
    try:
        await asyncio.wait_for(asyncio.sleep(5), timeout=0.01)
    except asyncio.TimeoutError:
        print('timed out')

    async def failing():
        raise KeyError('missing')
    outcome = await asyncio.gather(failing(), ticker(1), return_exceptions=True)
    print('gathered:', [type(x).__name__ if isinstance(x, BaseException) else x for x in outcome])


asyncio.run(main())
print('\n'.join(sorted(log)))
