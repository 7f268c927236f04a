"""An observer registry holding weak references: dead subscribers disappear, finalizers run."""
import gc
import weakref


class Subscriber:
    def __init__(self, name, log):
        self.name = name
        self.log = log

    def notify(self, event):
        self.log.append('%s got %s' % (self.name, event))


class Publisher:
    def __init__(self):
        self.subscribers = weakref.WeakSet()
        self.by_name = weakref.WeakValueDictionary()

    def subscribe(self, subscriber):
        self.subscribers.add(subscriber)
        self.by_name[subscriber.name] = subscriber

    def publish(self, event):
        for subscriber in sorted(self.subscribers, key=lambda s: s.name):
            subscriber.notify(event)
        return len(self.subscribers)


log = []
finalized = []
publisher = Publisher()
alice, bob = Subscriber('alice', log), Subscriber('bob', log)
publisher.subscribe(alice)
publisher.subscribe(bob)
weakref.finalize(bob, finalized.append, 'bob finalized')
print(publisher.publish('first'))
ref = weakref.ref(alice)
print(ref() is alice, ref().name, sorted(publisher.by_name.keys()))
del bob
gc.collect()
print(publisher.publish('second'), finalized, sorted(publisher.by_name.keys()))
del alice
gc.collect()
print(ref(), publisher.publish('third'), len(publisher.by_name))
print(log)


class Node:
    def __init__(self, value):
        self.value = value
        self.parent = None
        self.children = []

    def add(self, child):
        child.parent = weakref.proxy(self)
        self.children.append(child)
        return child


root = Node('root')
leaf = root.add(Node('leaf'))
print(leaf.parent.value, len(root.children))
cache = weakref.WeakKeyDictionary()
key = Subscriber('key', [])
cache[key] = 'cached value'
print(len(cache), cache[key])
del key
gc.collect()
print(len(cache))
