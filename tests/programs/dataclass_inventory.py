"""An inventory model with dataclasses, enums and typing annotations."""
from dataclasses import dataclass, field, asdict, replace
from enum import Enum, auto
from typing import Dict, List, Optional


class Category(Enum):
    TOOL = auto()
    FOOD = auto()
    TOY = auto()


@dataclass(order=True)
class Item:
    sort_key: float = field(init=False, repr=False)
    name: str
    price: float
    category: Category
    tags: List[str] = field(default_factory=list)
    stock: int = 0

    def __post_init__(self):
        self.sort_key = self.price

    @property
    def value(self) -> float:
        return self.price * self.stock


@dataclass(frozen=True)
class Point:
    x: int
    y: int = 0


@dataclass
class Inventory:
    items: Dict[str, Item] = field(default_factory=dict)

    def add(self, item: Item) -> None:
        self.items[item.name] = item

    def find(self, name: str) -> Optional[Item]:
        return self.items.get(name)

    def by_category(self) -> Dict[str, List[str]]:
        out: Dict[str, List[str]] = {}
        for item in sorted(self.items.values()):
            out.setdefault(item.category.name, []).append(item.name)
        return out


inv = Inventory()
inv.add(Item('hammer', 12.5, Category.TOOL, ['metal'], 3))
inv.add(Item('apple', 0.5, Category.FOOD, stock=100))
inv.add(Item('yoyo', 3.0, Category.TOY, ['wood', 'string'], 7))
inv.add(Item('saw', 20.0, Category.TOOL))
print(inv.find('hammer'))
print(inv.find('nothing'))
print(inv.by_category())
print(sorted(inv.items.values())[0].name, max(inv.items.values()).name)
print(sum(item.value for item in inv.items.values()))
print(asdict(inv.find('yoyo'))['tags'], Category.TOY, repr(Category.FOOD), Category(2).name)
p = Point(1)
print(p, replace(p, y=5), p == Point(1, 0), hash(p) == hash(Point(1, 0)))
try:
    p.x = 3
except Exception as exc:
    print(type(exc).__name__, exc)
print([c.name for c in Category], Item.__annotations__['price'])
print(Inventory.add.__annotations__)
