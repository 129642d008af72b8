// The language server entry point (placeholder until the LSP layer lands).
process.stderr.write('django-mtv: the language server is not built yet\n');
process.exit(2);
