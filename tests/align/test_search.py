from toolkit.align.search import align_sequences, band_around, dp_align


def diagonal_cost(i: int, a: int, j: int, b: int) -> float:
    """1-1 on the diagonal is free, everything else costs: the best path is the diagonal."""
    if (a, b) == (1, 1):
        return 0.0 if i == j else 5.0
    return 3.0


def test_full_table_finds_the_diagonal():
    beads = dp_align(5, 5, diagonal_cost)
    assert [(i, a, j, b) for i, a, j, b, _ in beads] == [(k, 1, k, 1) for k in range(5)]


def test_insertion_is_taken_when_cheaper_than_misalignment():
    def cost(i, a, j, b):
        if (a, b) == (0, 1):
            return 1.0 if j == 2 else 9.0
        if (a, b) == (1, 1):
            return 0.0 if j == i + (i >= 2) else 9.0
        return 9.0

    beads = dp_align(4, 5, cost)
    assert [(i, a, j, b) for i, a, j, b, _ in beads] == [(0, 1, 0, 1), (1, 1, 1, 1), (2, 0, 2, 1), (2, 1, 3, 1), (3, 1, 4, 1)]


def test_band_is_monotone_and_covers_the_corners():
    window = band_around([(0, 4, 0, 4), (4, 4, 4, 4)], 8, 8, 2)
    assert window[0][0] == 0 and window[-1][1] == 8
    assert all(a <= b for a, b in window)
    assert all(window[i][0] <= window[i + 1][0] and window[i][1] <= window[i + 1][1] for i in range(8))


def test_coarse_to_fine_equals_full_search_on_a_long_diagonal():
    n = 400

    def coarse(level):
        return n // 4**level + (n % 4**level > 0), n // 4**level + (n % 4**level > 0), diagonal_cost

    beads = align_sequences(n, n, diagonal_cost, coarse)
    assert [(i, a, j, b) for i, a, j, b, _ in beads] == [(k, 1, k, 1) for k in range(n)]


def test_a_run_of_one_sided_beads_is_listed_source_side_first():
    """Leaving source 2 and target 2 unpaired costs the same in either order: the DP lists the
    source side first, whichever order float rounding would have kept."""
    def cost(i, a, j, b):
        if (a, b) == (1, 1):
            return 0.0 if i == j and i != 2 else 9.0
        if (a, b) in ((1, 0), (0, 1)):
            return 0.1 + 0.2 if a else 0.3  # equal in real numbers, not in floats
        return 9.0

    beads = [(i, a, j, b) for i, a, j, b, _ in dp_align(5, 5, cost)]
    assert beads == [(0, 1, 0, 1), (1, 1, 1, 1), (2, 1, 2, 0), (3, 0, 2, 1), (3, 1, 3, 1), (4, 1, 4, 1)]
