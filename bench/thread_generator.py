"""Generate a large Hacker News thread as an Algolia `items/ID` response, the same on every run.

The thread imitates a busy HN discussion of a machine-learning paper. It has hundreds of
top-level comments, reply chains down to depth 12 and comments from one line to several
paragraphs long. The text is in HN's HTML dialect: `<p>` as a paragraph separator, `&gt;`
quotes, `<pre><code>` blocks and entity-encoded `<a href>` links with shortened text. Comments
cite arXiv papers in the forms people write (abs and pdf links with versions, `arXiv:` in
prose, old-style ids, arXiv DOIs), and some contain emoji and CJK text. A few are deleted,
dead or flagged.

Everything comes from one `random.Random(seed)`, so a seed always gives the same bytes.

    python bench/thread_generator.py [--comments N] [--seed S] > thread.json
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from datetime import datetime, timezone
from typing import Any

DEFAULT_COMMENTS = 5_000
DEFAULT_SEED = 5_000
MAX_DEPTH = 12
"""The depth of the deepest reply; top-level comments have depth 0."""
STORY_ID = 38_000_000
STORY_TIME = 1_700_000_000

# The share of comments that reply to the story directly; the rest reply to an earlier comment.
TOP_LEVEL_SHARE = 0.15
# A comment at depth d is picked as a parent with probability REPLY_DEPTH_DECAY ** d, so deep
# levels thin out as they do on HN instead of filling up to the cap.
REPLY_DEPTH_DECAY = 0.8

WORDS = (
    "the model training data loss gradient layer attention transformer paper benchmark "
    "results scale compute tokens context window inference latency memory cache kernel "
    "GPU batch size learning rate optimizer baseline ablation dataset evaluation metric "
    "I think this is not what they claim because the numbers in table two do not match "
    "we tried something similar at work and it was slower than expected in practice but "
    "honestly it depends on the hardware you have and how much time you want to spend "
    "it's a fair point, although the authors say otherwise; see section four for details"
).split()

EMOJI = ["👍", "🙂", "🚀", "🤔", "😂", "🔥", "👀", "✨", "🎉", "😅"]

CJK_SENTENCES = [
    "これは興味深い論文ですね。",
    "我觉得这个结果很难复现。",
    "모델 크기가 중요합니다.",
    "実験の設定が少し不明確です。",
    "训练数据的质量比数量更重要。",
]

DOMAINS = [
    "github.com", "en.wikipedia.org", "blog.example.com", "docs.python.org",
    "www.youtube.com", "news.ycombinator.com", "pytorch.org", "huggingface.co",
]

CODE_SNIPPETS = [
    "  for step, batch in enumerate(loader):\n      loss = model(batch).mean()\n"
    "      loss.backward()\n      if step % 8 == 0:\n          optimizer.step()",
    "  $ pip install -U torch\n  $ python train.py --lr 3e-4 --batch-size 64",
    "  fn main() {\n      let v: Vec<u32> = (0..10).collect();\n      println!(\"{:?}\", v);\n  }",
    "  if (a < b && b > c) {\n    return x & 0xff;\n  }",
    "  SELECT id, count(*) FROM comments\n  WHERE depth <= 12\n  GROUP BY id;",
]


def hn_escape(text: str) -> str:
    """Encode text the way HN does in comment HTML: `&`, `<`, `>`, quotes and slashes."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
        .replace("/", "&#x2F;")
    )


def hn_link(url: str) -> str:
    """Return an HN link: the target in `href`, the text shortened after 60 characters."""
    visible_text = url if len(url) <= 60 else url[:57] + "..."
    return f'<a href="{hn_escape(url)}" rel="nofollow">{hn_escape(visible_text)}</a>'


class ThreadGenerator:
    """Builds comment HTML and the reply tree from one random number generator."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def arxiv_id(self) -> str:
        """Return a new-style arXiv id from 2015 to 2024 with a five-digit number."""
        year = self.random.randint(15, 24)
        month = self.random.randint(1, 12)
        return f"{year:02d}{month:02d}.{self.random.randint(1, 25_000):05d}"

    def arxiv_reference(self) -> str:
        """Return one arXiv citation in one of the forms commenters use."""
        paper = self.arxiv_id()
        form = self.random.randrange(6)
        if form == 0:
            return hn_link(f"https://arxiv.org/abs/{paper}")
        if form == 1:
            return hn_link(f"https://arxiv.org/pdf/{paper}v{self.random.randint(1, 4)}.pdf")
        if form == 2:
            return f"arXiv:{paper}"
        if form == 3:
            number = self.random.randint(1, 999)
            return f"hep-th/99{self.random.randint(1, 12):02d}{number:03d}"
        if form == 4:
            return hn_link(f"https://doi.org/10.48550/arXiv.{paper}")
        return hn_link(f"https://huggingface.co/papers/{paper}")

    def web_link(self) -> str:
        """Return a link to an ordinary page, long enough that HN shortens some."""
        domain = self.random.choice(DOMAINS)
        path = "/".join(self.random.choice(WORDS).lower().strip(",;") for _ in range(self.random.randint(1, 5)))
        return hn_link(f"https://{domain}/{path}")

    def sentence(self) -> str:
        """Return one sentence of HN-escaped text with the odd link, emoji or italic."""
        words = [hn_escape(self.random.choice(WORDS)) for _ in range(self.random.randint(6, 22))]
        roll = self.random.random()
        if roll < 0.06:
            words.append(self.arxiv_reference())
        elif roll < 0.10:
            words.append(self.web_link())
        elif roll < 0.13:
            words.append(self.random.choice(EMOJI))
        elif roll < 0.16:
            position = self.random.randrange(len(words))
            words[position] = f"<i>{words[position]}</i>"
        elif roll < 0.18:
            words.append(self.random.choice(CJK_SENTENCES))
        return " ".join(words).capitalize() + "."

    def paragraph(self) -> str:
        """Return a paragraph of one to five sentences."""
        return " ".join(self.sentence() for _ in range(self.random.randint(1, 5)))

    def comment_html(self) -> str:
        """Return a comment body in HN's HTML: paragraphs, quotes and code blocks.

        Lengths follow a log-normal distribution, so most comments are a few hundred
        characters and a few run to several thousand, as on HN.
        """
        target = min(6_000, int(math.exp(self.random.gauss(5.7, 0.9))))
        parts: list[str] = []
        length = 0
        while length < target or not parts:
            roll = self.random.random()
            if roll < 0.10 and parts:
                part = "&gt; " + self.paragraph()
            elif roll < 0.15:
                part = "<pre><code>" + hn_escape(self.random.choice(CODE_SNIPPETS)) + "\n</code></pre>"
            elif roll < 0.18:
                part = self.random.choice(CJK_SENTENCES) * self.random.randint(1, 4)
            else:
                part = self.paragraph()
            parts.append(part)
            length += len(part)
        return "<p>".join(parts)

    def comment(self, comment_id: int, parent_id: int, created: int) -> dict[str, Any]:
        """Return one Algolia comment node without children."""
        author: str | None = f"{self.random.choice(WORDS).lower().strip(',;')}_{self.random.randint(1, 999)}"
        roll = self.random.random()
        if roll < 0.01:
            author, text = None, None
        elif roll < 0.015:
            text = "[flagged]"
        elif roll < 0.02:
            text = "[dead]"
        else:
            text = self.comment_html()
        return {
            "id": comment_id,
            "created_at": _iso(created),
            "created_at_i": created,
            "type": "comment",
            "author": author,
            "title": None,
            "url": None,
            "text": text,
            "points": None,
            "parent_id": parent_id,
            "story_id": STORY_ID,
            "options": [],
            "children": [],
        }

    def thread(self, comments: int) -> dict[str, Any]:
        """Return the story with `comments` comments, the deepest at depth `MAX_DEPTH`.

        Each comment replies to the story or to an earlier comment picked at random, which gives
        the few large subtrees and many short branches of real threads. The first chain is
        forced down to the maximum depth, so the deepest level is always present.
        """
        story: dict[str, Any] = {
            "id": STORY_ID,
            "created_at": _iso(STORY_TIME),
            "created_at_i": STORY_TIME,
            "type": "story",
            "author": "paper_poster",
            "title": "Scaling laws revisited: what 5,000 comments think of the new paper",
            "url": "https://arxiv.org/abs/2401.00001",
            "text": None,
            "points": 2_345,
            "parent_id": None,
            "story_id": STORY_ID,
            "options": [],
            "children": [],
        }
        nodes: list[tuple[dict[str, Any], int]] = []
        for number in range(comments):
            comment_id = STORY_ID + 1 + number
            if 0 < number <= MAX_DEPTH:
                parent, depth = nodes[number - 1]
            elif number == 0 or self.random.random() < TOP_LEVEL_SHARE:
                parent, depth = story, -1
            else:
                parent, depth = self._reply_target(nodes)
            node = self.comment(comment_id, parent["id"], STORY_TIME + 60 + number * 7)
            parent["children"].append(node)
            nodes.append((node, depth + 1))
        return story


    def _reply_target(self, nodes: list[tuple[dict[str, Any], int]]) -> tuple[dict[str, Any], int]:
        """Pick an earlier comment to reply to, shallow ones more often, none at `MAX_DEPTH`."""
        while True:
            parent, depth = self.random.choice(nodes)
            if depth < MAX_DEPTH and self.random.random() < REPLY_DEPTH_DECAY**depth:
                return parent, depth


def _iso(timestamp: int) -> str:
    moment = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def generate_thread(comments: int = DEFAULT_COMMENTS, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Return the Algolia item tree of a generated thread."""
    return ThreadGenerator(seed).thread(comments)


def generate_payload(comments: int = DEFAULT_COMMENTS, seed: int = DEFAULT_SEED) -> bytes:
    """Return the generated thread as an Algolia response body (UTF-8 JSON)."""
    return json.dumps(generate_thread(comments, seed), ensure_ascii=False).encode("utf-8")


def main() -> None:
    """Write a generated thread to standard output."""
    parser = argparse.ArgumentParser(description="Write a generated HN Algolia thread as JSON.")
    parser.add_argument("--comments", type=int, default=DEFAULT_COMMENTS, help="number of comments")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args()
    sys.stdout.buffer.write(generate_payload(args.comments, args.seed))


if __name__ == "__main__":
    main()
