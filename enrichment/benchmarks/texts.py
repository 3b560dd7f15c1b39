"""Generated article pastes: invented people, places and stories, with the noise of a real paste."""
from __future__ import annotations

import random

FIRST = ("Anna", "Boris", "Clara", "Dmitry", "Elena", "Farid", "Greta", "Hugo", "Irina", "Jonas",
         "Katya", "Luis", "Marta", "Nikolai", "Olga", "Pavel", "Rosa", "Sergei", "Tomas", "Yuri")
LAST = ("Varnov", "Lindqvist", "Okafor", "Petrenko", "Castellano", "Moreau", "Halvorsen", "Brisco",
        "Tamsin", "Ulrichs", "Kovacs", "Ferrand", "Azimov", "Delacroix", "Nyberg", "Quintero")
TITLES = ("President", "Foreign Minister", "Prime Minister", "Mayor", "Dr.", "Senator", "Governor")
PLACES = ("Veltria", "Norhaven", "Caldessa", "Port Amrin", "Ostrava Bay", "Lake Morrow", "Sundberg",
          "Kessin", "Valdoria", "Mirrow Hills")
ORGS = ("Northwind Energy", "the Caldessa Institute", "Harbor Union", "Veltrian Railways",
        "the Global Fisheries Council", "Meridian Bank", "Twitter", "the Kessin Times")
AGENCIES = ("AP", "Reuters", "AFP", "Getty Images")
CHROME = ("Skip to content", "Link copied to clipboard", "Advertisement", "Share this article")

SENTENCES = (
    "{title} {full} said on {day} that {place} would review its agreement with {org}.",
    "{last} told reporters in {place2} that talks with {org} were \"moving in the right direction.\"",
    "Officials in {place} have long argued that {org} owes the region an explanation, {last} said.",
    "The decision follows months of pressure from residents of {place2}, who wrote on Twitter that the plan was rushed.",
    "{full2}, a spokesperson for {org}, declined to comment on the figures, which put the cost at ${n} million.",
    "Critics said {last} had promised a vote before the summer, a pledge that {place} lawmakers now doubt.",
    "In {place2}, {n} families were still waiting for the compensation {title} {last} announced last year.",
    "\"We will not be rushed,\" {last2} said, adding that the board of {org} would meet again in {month}.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
MONTHS = ("March", "April", "June", "September", "November")


def generate(n: int, *, seed: int = 7, paragraphs: int = 9) -> list[str]:
    """`n` pasted articles, deterministic for a seed."""
    rng = random.Random(seed)
    return [_article(rng, paragraphs) for _ in range(n)]


def _article(rng: random.Random, paragraphs: int) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    first2, last2 = rng.choice(FIRST), rng.choice(LAST)
    values = dict(
        title=rng.choice(TITLES), full=f"{first} {last}", last=last, full2=f"{first2} {last2}", last2=last2,
        place=rng.choice(PLACES), place2=rng.choice(PLACES), org=rng.choice(ORGS), day=rng.choice(DAYS),
        month=rng.choice(MONTHS), n=rng.randint(2, 900),
    )
    headline = f"{last} says {values['place']} will review {values['org']} deal"
    lede = " ".join(s.format(**values) for s in rng.sample(SENTENCES[:3], 2))
    photographer = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    caption = (f"{values['title']} {first} {last} speaks to reporters in {values['place']} on {values['day']}. "
               f"{last} has promised a review.")
    parts = [*rng.sample(CHROME, 2), headline, lede, caption,
             f"{caption}Read more{photographer} / {rng.choice(AGENCIES)}", lede]
    for _ in range(paragraphs):
        parts.append(" ".join(s.format(**values) for s in rng.sample(SENTENCES, 3)))
    return "\n\n".join(parts)
