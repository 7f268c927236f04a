"""Maths helpers: vectors and statistics."""
from .vector import Vector
from .stats import mean, median, summary

__all__ = ['Vector', 'mean', 'median', 'summary']
