"""Built-in rule families, each a plugin module registered through the same hooks as any other."""
