"""Report builders: Excel exports of registers and worklists (and later Word and HTML reports)."""
