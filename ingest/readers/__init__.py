"""Input readers: each turns one input format into articles or per-item rejections."""
