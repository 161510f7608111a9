"""First-page thumbnails for the leaflet library, made at build time.

pypdfium2 renders the page; Pillow reduces it to a small palette PNG (leaflet
pages are flat colour and text, so 64 colours look the same at a fraction of
the bytes). The thumbnail is cached with its PDF, under the same digest.
"""

from __future__ import annotations

import pypdfium2 as pdfium
from PIL import Image


def make_thumbnail(pdf_path: str, png_path: str, width: int) -> tuple[int, int]:
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        page = pdf[0]
        scale = width / page.get_width()
        image = page.render(scale=scale * 2).to_pil()  # 2x, then downsample: crisper text
        page.close()
    finally:
        pdf.close()
    height = round(image.height * width / image.width)
    image = image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
    image = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(png_path, format="PNG", optimize=True)
    return width, height
