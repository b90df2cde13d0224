"""The monthly analysis report of enterprise monitoring (失业动态监测月度分析).

`content` gathers a period's figures for a region within the user's scope, `text` writes the paragraphs, `charts`
draws the PNGs and `word` writes the .docx.
"""
