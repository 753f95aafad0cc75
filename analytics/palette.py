"""The dashboard's colours: one per cluster, status, member state; RAG; colour scales.

Built from the Okabe–Ito and Paul Tol ("muted") palettes, which stay distinguishable for the
common forms of colour blindness. Mid-luminance tones only, so marks read on light and dark
backgrounds alike; charts never rely on colour alone (labels and hover text name the category).
"""

from __future__ import annotations

# Okabe–Ito
BLUE = "#0072B2"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
GREY = "#999999"

CLUSTER_COLOURS: dict[str, str] = {
    "Capacity building": BLUE,
    "Awareness raising": ORANGE,
    "Strategic IP development": GREEN,
    "International treaties": PURPLE,
    "Enforcement": VERMILLION,
}

STATUS_COLOURS: dict[str, str] = {
    "planned": SKY_BLUE,
    "ongoing": BLUE,
    "completed": GREEN,
    "postponed": ORANGE,
    "cancelled": GREY,
}

# Tol "muted" (its darkest tone, indigo, left out for dark backgrounds) plus three Okabe–Ito
# tones: eleven colours for the eleven member states.
MEMBER_STATE_COLOURS: dict[str, str] = {
    "BRN": "#CC6677",
    "KHM": "#DDCC77",
    "IDN": "#117733",
    "LAO": "#88CCEE",
    "MYS": "#882255",
    "MMR": "#44AA99",
    "PHL": "#999933",
    "SGP": "#AA4499",
    "THA": ORANGE,
    "TLS": BLUE,
    "VNM": VERMILLION,
}

# Red, amber and green that read as three colours on a projector (Okabe–Ito's vermilion and
# orange are two oranges there), each with a label and a bar pattern of its own so that the
# status never rests on colour alone.
RAG_COLOURS: dict[str, str] = {
    "green": "#1B9E3E",
    "amber": "#F5B700",
    "red": "#D7191C",
    "no data": GREY,
}
RAG_LABELS: dict[str, str] = {
    "green": "On track (green)",
    "amber": "Behind (amber)",
    "red": "Off track (red)",
    "no data": "No value yet",
}
RAG_PATTERNS: dict[str, str] = {"green": "", "amber": "/", "red": "x", "no data": "."}

WOMEN_COLOUR = PURPLE
MEN_COLOUR = SKY_BLUE
NOT_REPORTED_COLOUR = GREY
TARGET_COLOUR = GREY
TODAY_COLOUR = VERMILLION
SERIES_COLOUR = BLUE  # a single series (seizures over time, top provenance)
SECOND_SERIES_COLOUR = ORANGE

# Sequential scales: cividis is perceptually uniform and colour-blind safe; severity runs
# from pale yellow to dark orange-brown.
SEQUENTIAL_SCALE = "cividis"
# The map's scale: one hue from light to strong, both ends visible on light and dark pages
# (cividis's navy end vanished on the dark theme); zero has a colour of its own.
MAP_SCALE: list[list[float | str]] = [
    [0.0, "#C6E2F5"],
    [0.5, "#4C9BD6"],
    [1.0, "#08519C"],
]
MAP_ZERO_COLOUR = "#D9D9D9"
SELECTED_OUTLINE = "#D7191C"
PARTIAL_YEAR_PATTERN = "/"  # a year not over yet, or cut by the period
SEVERITY_SCALE: list[list[float | str]] = [
    [0.0, "#FFF7BC"],
    [0.25, "#FEE391"],
    [0.5, "#FEC44F"],
    [0.75, "#EC7014"],
    [1.0, "#993404"],
]

FALLBACK_SEQUENCE: tuple[str, ...] = (BLUE, ORANGE, GREEN, PURPLE, VERMILLION, SKY_BLUE, YELLOW)


def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, GREY)


def rag_colour(rag: str) -> str:
    return RAG_COLOURS.get(rag, GREY)
