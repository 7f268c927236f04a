"""A traffic-light controller: enum states, a transition table, events and guards."""
import enum


class Light(enum.Enum):
    RED = 'red'
    GREEN = 'green'
    YELLOW = 'yellow'
    FLASHING = 'flashing'


class Event(enum.Enum):
    TIMER = 1
    FAULT = 2
    REPAIR = 3
    PEDESTRIAN = 4


TRANSITIONS = {
    (Light.RED, Event.TIMER): Light.GREEN,
    (Light.GREEN, Event.TIMER): Light.YELLOW,
    (Light.YELLOW, Event.TIMER): Light.RED,
    (Light.GREEN, Event.PEDESTRIAN): Light.YELLOW,
}


class InvalidTransition(Exception):
    pass


class Controller:
    def __init__(self):
        self.state = Light.RED
        self.history = [self.state]
        self.faults = 0

    def fire(self, event):
        if event is Event.FAULT:
            self.faults += 1
            new = Light.FLASHING
        elif event is Event.REPAIR:
            if self.state is not Light.FLASHING:
                raise InvalidTransition('nothing to repair in %s' % self.state.name)
            new = Light.RED
        else:
            try:
                new = TRANSITIONS[self.state, event]
            except KeyError:
                raise InvalidTransition('%s does not accept %s' % (self.state.name, event.name)) from None
        self.state = new
        self.history.append(new)
        return new


controller = Controller()
events = [Event.TIMER, Event.PEDESTRIAN, Event.TIMER, Event.PEDESTRIAN, Event.TIMER,
          Event.FAULT, Event.TIMER, Event.REPAIR, Event.REPAIR, Event.TIMER]
for event in events:
    try:
        state = controller.fire(event)
        print('%-10s -> %s' % (event.name, state.value))
    except InvalidTransition as exc:
        print('%-10s !! %s' % (event.name, exc))
print([s.name for s in controller.history])
print(controller.faults, len(Light), Light('green') is Light.GREEN, Light['RED'].value)
print(sorted(Light.__members__), Event.FAULT.value, repr(Event.TIMER), isinstance(Light.RED, Light))
print({light.name: sum(1 for s in controller.history if s is light) for light in Light})
