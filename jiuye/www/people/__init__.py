"""Pages of the real-name registers: people search (`search`), the person card (`card`), the registers and worklists
(`registers`)."""
