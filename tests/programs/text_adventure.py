"""A text adventure driven by a state machine and a scripted list of commands."""

ROOMS = {
    'hall': {'desc': 'a dusty hall', 'exits': {'north': 'library', 'east': 'kitchen'}, 'items': ['lamp']},
    'library': {'desc': 'walls of books', 'exits': {'south': 'hall'}, 'items': ['key', 'book']},
    'kitchen': {'desc': 'a cold kitchen', 'exits': {'west': 'hall', 'down': 'cellar'}, 'items': []},
    'cellar': {'desc': 'darkness', 'exits': {'up': 'kitchen'}, 'items': ['treasure'], 'locked': True},
}


class Game:
    def __init__(self):
        self.room = 'hall'
        self.inventory = []
        self.state = 'playing'
        self.moves = 0

    def handle(self, command):
        verb, _, noun = command.partition(' ')
        handler = getattr(self, 'do_' + verb, None)
        if handler is None:
            return "I don't know how to %s." % verb
        self.moves += 1
        return handler(noun)

    def do_look(self, _):
        room = ROOMS[self.room]
        items = ', '.join(room['items']) or 'nothing'
        return 'You are in %s. Exits: %s. You see: %s.' % (room['desc'], ', '.join(sorted(room['exits'])), items)

    def do_go(self, direction):
        exits = ROOMS[self.room]['exits']
        if direction not in exits:
            return 'You cannot go %s.' % direction
        target = exits[direction]
        if ROOMS[target].get('locked'):
            if 'key' not in self.inventory:
                return 'The way %s is locked.' % direction
            ROOMS[target]['locked'] = False
            self.room = target
            return 'You unlock the door and enter.'
        self.room = target
        return self.do_look('')

    def do_take(self, item):
        items = ROOMS[self.room]['items']
        if item not in items:
            return 'There is no %s here.' % item
        items.remove(item)
        self.inventory.append(item)
        if item == 'treasure':
            self.state = 'won'
        return 'Taken %s.' % item

    def do_inventory(self, _):
        return 'You carry: %s' % (', '.join(self.inventory) or 'nothing')


script = ['look', 'go east', 'go down', 'go west', 'go north', 'take key', 'take sword',
          'dance', 'go south', 'go east', 'go down', 'look', 'take treasure', 'inventory']
game = Game()
for command in script:
    print('>', command)
    print(game.handle(command))
    if game.state != 'playing':
        break
print('state=%s moves=%d' % (game.state, game.moves))
