// Starts the language server when the CLI is run as `django-mtv lsp --stdio`.
import '../lsp/main';
