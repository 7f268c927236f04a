"""A compact Richards-style task scheduler: tasks, packets, queues and state transitions."""
import sys


class Packet:
    __slots__ = ('link', 'ident', 'kind', 'datum', 'data')

    def __init__(self, link, ident, kind):
        self.link, self.ident, self.kind = link, ident, kind
        self.datum = 0
        self.data = [0] * 4

    def append_to(self, queue):
        self.link = None
        if queue is None:
            return self
        node = queue
        while node.link is not None:
            node = node.link
        node.link = self
        return queue


class Task:
    def __init__(self, scheduler, ident, priority, queue):
        self.scheduler, self.ident, self.priority = scheduler, ident, priority
        self.queue = queue
        self.waiting = queue is not None
        self.held = False
        self.count = 0

    def runnable(self):
        return not self.held and (self.queue is not None or not self.waiting)

    def take(self):
        packet = self.queue
        if packet is not None:
            self.queue = packet.link
        return packet


class Worker(Task):
    def run(self, packet):
        if packet is None:
            self.waiting = True
            return None
        self.count += 1
        packet.ident = 3 - packet.ident if packet.ident in (1, 2) else 1
        for i in range(4):
            packet.data[i] = (self.count + i) % 26
        return self.scheduler.send(packet, packet.ident)


class Handler(Task):
    def run(self, packet):
        if packet is None:
            self.waiting = True
            return None
        packet.datum = (packet.datum + sum(packet.data)) % 1000
        self.count += packet.datum
        return self.scheduler.send(packet, 0)


class Idle(Task):
    def run(self, packet):
        self.count += 1
        if self.count > self.scheduler.limit:
            return None
        target = 1 if self.count % 2 else 2
        self.scheduler.tasks[target].held = False
        return self.scheduler.tasks[target]


class Scheduler:
    def __init__(self, limit):
        self.limit = limit
        self.tasks = {}
        self.switches = 0

    def add(self, task):
        self.tasks[task.ident] = task

    def send(self, packet, ident):
        task = self.tasks[ident]
        task.queue = packet.append_to(task.queue)
        task.waiting = False
        return task

    def schedule(self):
        order = sorted(self.tasks.values(), key=lambda t: -t.priority)
        while True:
            progressed = False
            for task in order:
                if task.runnable():
                    self.switches += 1
                    progressed = True
                    result = task.run(task.take())
                    if isinstance(task, Idle) and result is None:
                        return self.switches
            if not progressed:
                return self.switches


n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
s = Scheduler(n)
s.add(Idle(s, 0, 0, None))
queue = None
for i in range(6):
    queue = Packet(queue, i % 3, 1)
s.add(Worker(s, 1, 1000, queue))
s.add(Handler(s, 2, 2000, Packet(None, 2, 2)))
print(s.schedule(), sorted((i, t.count) for i, t in s.tasks.items()))
