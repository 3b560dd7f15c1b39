"""Page-chrome signatures as data: each a name, a full-line pattern and whether it opens a chrome section."""
from __future__ import annotations

import re
from typing import NamedTuple

from .site_patterns import SitePattern


class Signature(NamedTuple):
    name: str
    pattern: str
    section: bool = False  # a heading after which a list of chrome follows (related, comments...)
    weak: bool = False     # may occur in prose: counts only on short lines or chrome openers


_I = "(?i)"
SIGNATURES: tuple[Signature, ...] = (
    Signature("skip_link", _I + r"skip (?:to|navigation)(?: (?:main )?(?:content|navigation|main|search))?"),
    Signature("link_copied", _I + r"(?:link )?copied(?: to clipboard)?!?|copy link"),
    Signature("advertisement", _I + r"[-\s]*+(?:(?:hide|close|skip|remove|report(?: this)?)\s++)?"
              r"(?:advertisement|advertising|sponsored(?: content)?|ad|ads|"
              r"paid content|promoted|partner content|scroll to continue with content)[-\s:]*+"),
    Signature("continues_below", _I + r"(?:story|article) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?"),
    Signature("read_more", _I + r"(?:read|see|show|view|load) (?:more|less|all|full (?:story|article))\b.{0,40}?"
              r"|continue reading.{0,60}|(?:read|see) also:?|more\s*»?"),
    Signature("share", _I + r"(?:share|shares|tweet|retweet|pin|email|e-mail|print|save|like|"
              r"whatsapp|facebook|twitter|linkedin|reddit|pinterest|flipboard|messenger|telegram|"
              r"google\+?(?: plus)?|rss(?: feed)?|youtube|instagram|tumblr|comment|copy|sms)"
              r"(?: (?:this|on|via|to|article|story|page|post|the story|it|options|icon)\b.{0,30})?[:!]?"),
    Signature("share_counts", _I + r"[\d,.]+[km]? ?(?:shares?|comments?|views?|likes?|reactions?)"),
    Signature("like_loading", _I + r"like this:?|like loading\.*|%d bloggers like this:?|"
              r"be the first to like this\.?"),
    Signature("newsletter", _I + r".{0,80}\b(?:sign(?:ing)? ?up|subscribe|newsletters?|inbox|"
              r"e-?mail address|get (?:our|the) (?:latest|best))\b.{0,80}", weak=True),
    Signature("follow_us", _I + r"(?:follow|like|find|join|connect with) (?:us|me)\b.{0,60}"),
    Signature("cookies", _I + r".{0,200}\b(?:cookies?|privacy (?:policy|settings|notice)|terms (?:of|and) "
              r"(?:use|service|conditions)|gdpr|consent)\b.{0,200}", weak=True),
    Signature("paywall", _I + r".{0,80}\b(?:subscribers? only|already (?:a )?(?:subscriber|member)|"
              r"log ?in|sign ?in|register (?:now|for free)|free articles?|unlimited (?:digital )?access|"
              r"create (?:a|your) (?:free )?account|start your (?:free )?trial|free for \d{1,3} (?:days?|weeks?|months?)|"
              r"your (?:subscription|(?:free )?trial|access|membership) (?:will |has |is )?(?:end|expire)\w*)\b.{0,80}",
              weak=True),
    # A pitch to the reader for the site's newsletter, however it starts: "For news from the region and
    # beyond, sign up to receive our morning briefing.", "... Sign up for the free daily newsletter." The
    # verb takes the newsletter as its object; a line that reports or quotes ("... said", a quote mark
    # first) is prose about a newsletter, not a pitch.
    Signature("newsletter_pitch", _I + r"(?![\"“‘'])(?!.{0,400}?\b(?:said|says|told|read|wrote|according to)\b)"
              r"(?=.{0,300}?\b(?:sign(?:ing)? ?up|subscribe)\b.{0,60}?\b(?:(?:our|your|the|a)\s++"
              r"(?:[\w’'-]++\s++){0,3}?(?:newsletters?|briefing|digest)|to receive (?:our|the))\b).{1,400}"),
    # A video player's own label, left behind as a line ("Brightcove Video", "Video Player is loading.").
    Signature("video_player", _I + r"(?:[\w&.'’-]++\s++){0,3}?(?:brightcove|jw ?player|kaltura|ooyala|vidible|"
              r"anvato|connatix|video ?player|media ?player)\b(?:\s*+[\w&.'’-]++){0,4}?[.!]?"),
    # An image's address on a line of its own (a photo the copy kept as text). Other bare links stay: a
    # shopping list or a list of sources is made of them.
    Signature("image_url", _I + r"(?:https?://|www\.)[^\s?#]{1,400}?\.(?:jpe?g|png|gif|webp|avif|bmp|tiff?)"
              r"(?:[?#]\S{0,400})?"),
    Signature("copyright", _I + r".{0,80}(?:©|\(c\)|copyright ©?\s*(?:\d{4}|by)|all rights reserved).{0,160}", weak=True),
    Signature("comments", _I + r"(?:\d+\s*)?(?:comments?|responses?|replies|discussion|join the "
              r"(?:conversation|discussion)|leave a (?:comment|reply)|add a comment|post a comment|"
              r"(?:top rated|recent|latest|newest|reader|readers'?|featured) comments|"
              r"(?:show|view|read|expand|see|load) (?:all )?comments)\s*+(?:\(\d+\)|\(\+\)|\+)?:?"
              r"|\[\s*+\d+ comments?\s*+\]|there (?:are|is) \d+ comments?", section=True),
    # The digits are the first digits after the name (\D), so the three bounded gaps split one way.
    Signature("comment_header", _I + r".{1,60}?\s++(?:on\s++)?\D{0,12}\d{1,4}.{0,30}\s++(?:said|says|wrote|writes|replied)\s*+:"),
    Signature("post_nav", _I + r"(?:«|‹|<|←)?\s*+(?:previous|next|older|newer) (?:post|article|story|entry|posts|entries)"
              r"\s*+(?:»|›|>|→)?(?:\s*+[:|].{0,120})?"),
    Signature("related", _I + r"(?:related(?: (?:stories|articles|posts|content|news|coverage|topics|video))?|"
              r"more (?:from|on|in|about|stories|news|headlines|videos?)\b.{0,40}|"
              r"(?:you|we think you) (?:may|might) (?:also )?(?:like|enjoy|be interested in)|"
              r"recommended(?: (?:for you|stories|articles|reading|videos?))?|"
              r"(?:most|top) (?:read|popular|viewed|shared|commented|stories)(?: (?:now|today|stories))?|"
              r"popular(?: (?:now|stories|posts|articles))?|trending(?: (?:now|stories|articles|topics))?|"
              r"latest(?: (?:news|stories|articles|posts|headlines|videos))?|recent(?: (?:posts|stories|articles|news))?|"
              r"what to read next|up next|editor'?s? picks|around the web|from (?:around )?the web|"
              r"promoted stories|sponsored stories|watch next|in other news|elsewhere|don'?t miss|"
              r"further reading|you might have missed|also in the news|read (?:this )?next|more for you|"
              r"next up in \w+(?: \w+)?|related links|"
              r"(?:more|other|latest|recent|top|trending|popular|featured) (?:[\w'’]+ ){0,2}"
              r"(?:stories|news|articles|posts|headlines|columns))[:.]?", section=True),
    Signature("related_link", r"(?:Related|RELATED|Read more|READ MORE|Read More|Read also|READ ALSO|Also read|ALSO READ|"
              r"See also|SEE ALSO|More|MORE|Recommended|RECOMMENDED|Watch|WATCH|Listen|LISTEN|Opinion|OPINION|"
              r"Sponsored|SPONSORED|Also on [\w ]{2,30}|More on this story|Related [Cc]overage|Read next|Next up)"
              r"\s*(?:[:|»>]|\s[-–—])\s*\S.{0,200}"),
    Signature("tags", _I + r"(?:tags?|topics?|filed under|categories|category|posted in|"
              r"more about|related topics|keywords?)\s*[:|].{0,200}"),
    # Two figures (a price and a change), or one of two characters or more; each figure is taken whole
    # (possessive), so a long run of digits is not split in every possible way.
    Signature("ticker", r"(?:[A-Z][A-Z0-9.&^ ]{1,15}|Dow|Nasdaq|S&P 500)\s*+(?=[\d,.][\d,.\s+\-−▲▼])"
              r"[\d,.]++(?:\s*+[+\-−▲▼]?\s*+[\d,.]++)?%?(?:\s*+\(?[+\-−]?[\d.]++%\)?)?"),
    Signature("nav_words", _I + r"home|menu|search|close|open|back to top|top|next|previous|prev|"
              r"next article|previous article|toggle navigation|main menu|navigation|"
              r"sections|subscribe|log ?in|sign ?in|sign ?out|log ?out|register|account|my account|"
              r"newsletter|contact(?: us)?|about(?: us)?|privacy|terms|help|faq|sitemap|careers|"
              r"advertise(?: with us)?|jobs|weather|video|videos|photos|podcasts?|live|watch live|"
              r"listen|audio|expand|collapse|enlarge|hide caption|toggle caption|show caption|"
              r"image|photo|gallery|view gallery|play|pause|replay|x|×|✕|go|ok|accept|"
              r"accept (?:all )?cookies|got it|dismiss|no thanks|yes|no|loading\.*|please wait\.*"),
    # Each item and the spaces around a separator are taken whole (possessive): the spaces before a
    # separator could otherwise go to the item or to the gap, 2^k ways for k items on a line that fails.
    Signature("breadcrumb", r"(?:[^\s>»/|›][^>»|›]{0,30}+\s*+[>»|›]\s*+){2,}+[^>»|›]{1,30}"),
    Signature("report_bug", _I + r"(?:report (?:an? )?(?:error|typo|bug|correction)|"
              r"(?:spotted|found) (?:an? )?(?:error|typo)\b.{0,80}|corrections? (?:policy|& clarifications))"),
    Signature("why_trust", _I + r"why you can trust .{1,40}"),
)


MAX_LINE = 400  # chrome is short: longer lines are prose and never tried (bounds each line's regex work)


class Matcher:
    """Built-in signatures plus a site's own patterns (time-guarded); one per paste when a site has patterns."""

    __slots__ = ("_site",)

    def __init__(self, extra: tuple[str, ...] = ()) -> None:
        self._site = tuple(SitePattern(p) for p in extra)

    def match(self, line: str) -> Signature | None:
        """The first signature whose pattern matches the whole line (spaces around it aside), or None."""
        line = line.strip()
        if len(line) > MAX_LINE:
            return None
        short = len(line.split()) <= 12 or _CHROME_OPENER.match(line) is not None
        for signature, regex in _BUILT_IN:
            if (short or not signature.weak) and regex.fullmatch(line):
                return signature
        for site in self._site:
            if site.fullmatch(line):
                return _SITE
        return None

    def warnings(self) -> list[str]:
        """What the site's patterns could not do in time on this paste, for the result's warnings."""
        return [w for site in self._site if (w := site.warning())]


_SITE = Signature("site", "")


# How chrome sentences start (imperatives and site talk), as opposed to reporting prose.
_CHROME_OPENER = re.compile(
    r"\s*(?:sign ?up|subscribe|click|tap|get|join|enter|we use|we and our|this (?:site|website)|"
    r"by (?:using|continuing|clicking|signing|submitting)|already|you have|you've|to (?:continue|read)|"
    r"log ?in|sign ?in|register|create|copyright|©|\(c\)|all rights|thanks? (?:you )?for|want|need|"
    r"don'?t miss|never miss|stay (?:up|informed|in)|receive|please|support)\b", re.I)
# The line is stripped before matching, so a pattern needs no "\s*" around it: one there would overlap
# the pattern's own leading and trailing spaces and backtrack over a long run of them.
_BUILT_IN: tuple[tuple[Signature, re.Pattern[str]], ...] = tuple(
    (s, re.compile(s.pattern.removeprefix(_I), re.I if s.pattern.startswith(_I) else 0)) for s in SIGNATURES)
DEFAULT_MATCHER = Matcher()
