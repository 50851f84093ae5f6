#!/usr/bin/python3
"""ansi2png.py: renders a terminal capture with colours (tmux capture-pane -e -p) as a PNG.

Used to make the screenshots in docs/. Needs Debian's python3-pil:
    tmux capture-pane -e -p -t NAME > capture.ansi
    /usr/bin/python3 tools/ansi2png.py capture.ansi docs/view.png
"""
import re
import sys

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
SIZE = 14
BACKGROUND = (24, 24, 28)
FOREGROUND = (220, 220, 220)
BASIC = [(0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16), (36, 114, 200), (188, 63, 188),
         (17, 168, 205), (229, 229, 229)]
BRIGHT = [(102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67), (59, 142, 234), (214, 112, 214),
          (41, 184, 219), (255, 255, 255)]


def xterm256(n):
    if n < 8:
        return BASIC[n]
    if n < 16:
        return BRIGHT[n - 8]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    grey = 8 + (n - 232) * 10
    return (grey, grey, grey)


def parse(text):
    """Yields rows of (char, fg, bg, bold, reverse, dim, underline)."""
    rows = []
    state = dict(fg=None, bg=None, bold=False, reverse=False, dim=False, underline=False)
    for line in text.split("\n"):
        row = []
        pos = 0
        for match in re.finditer(r"\x1b\[([0-9;]*)m|([^\x1b])", line):
            if match.group(2) is not None:
                row.append((match.group(2), dict(state)))
                continue
            codes = [int(c) if c else 0 for c in match.group(1).split(";")]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0:
                    state.update(fg=None, bg=None, bold=False, reverse=False, dim=False, underline=False)
                elif c == 1:
                    state["bold"] = True
                elif c == 2:
                    state["dim"] = True
                elif c == 4:
                    state["underline"] = True
                elif c == 7:
                    state["reverse"] = True
                elif c == 22:
                    state["bold"] = state["dim"] = False
                elif c == 24:
                    state["underline"] = False
                elif c == 27:
                    state["reverse"] = False
                elif 30 <= c <= 37:
                    state["fg"] = BASIC[c - 30]
                elif 90 <= c <= 97:
                    state["fg"] = BRIGHT[c - 90]
                elif 40 <= c <= 47:
                    state["bg"] = BASIC[c - 40]
                elif c == 39:
                    state["fg"] = None
                elif c == 49:
                    state["bg"] = None
                elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                    state["fg" if c == 38 else "bg"] = xterm256(codes[i + 2])
                    i += 2
                i += 1
        rows.append(row)
    return rows


def main():
    source, target = sys.argv[1], sys.argv[2]
    rows = parse(open(source, encoding="utf-8").read().rstrip("\n"))
    font, bold = ImageFont.truetype(FONT, SIZE), ImageFont.truetype(BOLD, SIZE)
    cell_w = int(font.getlength("M"))
    cell_h = SIZE + 4
    width = max(len(r) for r in rows) * cell_w + 20
    image = Image.new("RGB", (width, len(rows) * cell_h + 20), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(rows):
        for x, (char, s) in enumerate(row):
            fg, bg = s["fg"] or FOREGROUND, s["bg"] or BACKGROUND
            if s["reverse"]:
                fg, bg = bg, fg
            if s["dim"]:
                fg = tuple(int(c * 0.6 + b * 0.4) for c, b in zip(fg, BACKGROUND))
            left, top = 10 + x * cell_w, 10 + y * cell_h
            if bg != BACKGROUND:
                draw.rectangle([left, top, left + cell_w, top + cell_h], fill=bg)
            draw.text((left, top + 1), char, font=bold if s["bold"] else font, fill=fg)
            if s["underline"]:
                draw.line([left, top + cell_h - 2, left + cell_w, top + cell_h - 2], fill=fg)
    image.save(target)


if __name__ == "__main__":
    main()
