"""The news vocabulary the pipeline shares: who supplies photos and copy. Named once here; each
list has one role, and the modules that match text build their patterns from it."""
from __future__ import annotations

# Every name a photo credit may carry: wire agencies, photo libraries, platforms, and the words
# newsrooms put there ("Staff", "Handout", "File"). Only for recognising credits, never entities.
CREDIT_SOURCES = (
    "AP", "Associated Press", "The Associated Press", "AP Images", "Reuters", "Thomson Reuters", "AFP",
    "Agence France-Presse", "Getty Images", "Getty", "EPA", "EPA-EFE", "EFE", "Bloomberg", "Bloomberg News",
    "Shutterstock", "iStock", "iStockphoto", "Alamy", "Alamy Stock Photo", "PA", "PA Wire", "PA Images",
    "PA Media", "Xinhua", "TASS", "Sputnik", "Anadolu Agency", "Anadolu", "NurPhoto", "SIPA", "Sipa USA",
    "Invision", "ZUMA", "ZUMA Press", "ZUMA Wire", "Science Photo Library", "SPL", "NASA", "ESA", "JPL",
    "Pool", "Corbis", "Rex", "Rex Features", "UPI", "Kyodo", "Yonhap", "KCNA", "dpa", "ANSA", "Imago",
    "Magnum", "Polaris", "Redux", "Handout", "Supplied", "Wikimedia Commons", "Wikimedia", "Flickr",
    "Unsplash", "Pexels", "Pixabay", "Creative Commons", "Twitter", "Instagram", "Facebook", "YouTube",
    "Newscom", "WireImage", "FilmMagic", "Keystone", "Gamma", "Abaca", "Splash News", "Backgrid",
    "MEGA", "Mirrorpix", "TNS", "Tribune News Service", "USA TODAY", "USA Today", "USA TODAY Sports",
    "NYT", "The New York Times", "The Washington Post", "Los Angeles Times", "CQ Roll Call", "STF",
    "Stringer", "Staff", "Courtesy", "File", "Future", "Future plc", "DigitalGlobe", "Maxar",
)

# Wire and photo agencies: a mention that is nothing but one of these names is a credit, not an
# entity of the article (the entity stage drops it).
NEWS_AGENCIES = (
    "AP", "AFP", "Reuters", "Getty Images", "Getty", "EPA", "EPA-EFE", "Sputnik", "TASS", "Xinhua",
    "ANP", "DPA", "Shutterstock", "Alamy", "Bloomberg", "Pool", "Associated Press",
)

# Desks that sign "AGENCY Photo/Name" credits.
PHOTO_DESKS = ("AP", "Reuters", "REUTERS", "AFP", "EPA", "Bloomberg", "Getty Images")

# Sources that open a dateline: "WASHINGTON (AP) —".
DATELINE_SOURCES = ("AP", "Reuters", "AFP", "CNN", "Bloomberg", "dpa", "UPI")

# Seats of power that news names for the body working there: "the White House said", "the
# Kremlin denied". One entity, one type wherever the article puts it ("at the White House").
SEATS_OF_POWER = frozenset((
    "White House", "Kremlin", "Pentagon", "Downing Street", "Élysée", "Elysee", "Élysée Palace",
    "Elysee Palace", "Blue House", "Zhongnanhai", "Whitehall",
))
