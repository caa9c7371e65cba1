"""srcalign: put German machine translations of Vietnamese news next to their source."""

__version__ = "0.1.0"
