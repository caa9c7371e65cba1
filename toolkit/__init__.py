"""srcalign: put German machine translations of Vietnamese news next to their source."""

import os

__version__ = "0.1.0"

# numpy's OpenBLAS threads: the aligner's matrix products are small (the embedding term takes 16
# source rows at a time), and threads waiting on one another cost more than they share; on 2
# cores Text+Berg with --embeddings aligned in 4-13 s with them, 1.6 s with one (CPU time too),
# and batch workers multiply the threads. One thread unless the user chose a number; it takes
# effect only when numpy is imported after this package.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
