-- Drives the django-mtv language server from Neovim 0.7's built-in LSP client: go-to-definition and one diagnostic.
--
-- Run by scripts/e2e/run-nvim.mjs as `nvim --headless --clean -u NONE -c 'luafile lsp_test.lua'` with
-- DJANGO_MTV_ROOT (this project) and DJANGO_MTV_WS (a temporary copy of the fixture project) set.
-- The exit code is the number of failed checks, so the runner needs no output parsing to judge; the
-- runner loads this file through pcall so that an error in it also quits Neovim with a failure.

local root = assert(os.getenv('DJANGO_MTV_ROOT'), 'DJANGO_MTV_ROOT must be set')
local ws_env = assert(os.getenv('DJANGO_MTV_WS'), 'DJANGO_MTV_WS must be set')
local ws = assert(vim.loop.fs_realpath(ws_env), 'DJANGO_MTV_WS must exist')
local passed, failed = 0, 0

local function say(line)
  io.stdout:write(line .. '\n')
end

local function check(name, fn)
  local started = vim.loop.now()
  local ok, err = pcall(fn)
  if ok then
    passed = passed + 1
    say(string.format('PASS nvim: %s (%d ms)', name, vim.loop.now() - started))
  else
    failed = failed + 1
    say(string.format('FAIL nvim: %s\n  %s', name, tostring(err)))
  end
end

-- Reads a fixture file from disk and returns the zero-based line and byte column of the only line holding needle.
local function locate(relative, needle)
  local found
  local index = 0
  for line in io.lines(ws .. '/' .. relative) do
    local col = line:find(needle, 1, true)
    if col then
      assert(found == nil, needle .. ' must occur on one line only of ' .. relative)
      found = { line = index, col = col - 1 }
    end
    index = index + 1
  end
  return assert(found, needle .. ' not found in ' .. relative)
end

-- The raw publishDiagnostics parameters by URI, kept so that `code` and `source` can be checked as sent.
local published = {}
-- Set by on_exit: Neovim 0.7's client_is_stopped() is also true before initialize completes, so it
-- cannot tell a slow start from a crash.
local exit_code
local client_id = vim.lsp.start_client({
  name = 'django-mtv',
  cmd = { 'node', root .. '/bin/django-mtv.js', 'lsp', '--stdio' },
  root_dir = ws,
  workspace_folders = { { uri = vim.uri_from_fname(ws), name = 'mysite' } },
  on_exit = function(code)
    exit_code = code
  end,
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      published[result.uri] = result.diagnostics
      return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
})

-- Waits like vim.wait, but gives up at once when the server has exited, and says so.
local function wait_for(timeout, predicate)
  local ok = vim.wait(timeout, function()
    return exit_code ~= nil or predicate()
  end, 50)
  assert(exit_code == nil, 'the language server has exited with code ' .. tostring(exit_code))
  return ok and predicate()
end

local function open(relative)
  vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/' .. relative))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'htmldjango'
  vim.lsp.buf_attach_client(bufnr, client_id)
  return bufnr
end

-- Turns a definition answer (Location, Location[] or LocationLink[]) into a list of {file, line}.
local function targets(result)
  if result == nil then return {} end
  if result.uri or result.targetUri then result = { result } end
  local out = {}
  for _, item in ipairs(result) do
    local uri = item.targetUri or item.uri
    local range = item.targetSelectionRange or item.targetRange or item.range
    table.insert(out, { file = vim.loop.fs_realpath(vim.uri_to_fname(uri)) or vim.uri_to_fname(uri), line = range.start.line })
  end
  return out
end

check('the server starts and initializes over stdio', function()
  assert(client_id, 'vim.lsp.start_client returned nil')
  local ok = wait_for(15000, function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized == true
  end)
  assert(ok, 'the server did not finish initialize within 15 s')
end)

local template = 'polls/templates/polls/index.html'
local from = locate(template, "'polls:detail'")
local expected = locate('polls/urls.py', 'name="detail"')
local urls_file = ws .. '/polls/urls.py'

check("textDocument/definition on {% url 'polls:detail' %} answers polls/urls.py at its path()", function()
  local bufnr = open(template)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = from.line, character = from.col + #"'polls:de" },
  }
  local last = 'nothing'
  -- The server indexes after it starts; ask again until it answers or the time is up.
  local ok = wait_for(20000, function()
    local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/definition', params, 5000) or {}
    for _, response in pairs(responses) do
      local found = targets(response.result)
      if #found > 0 then
        last = vim.inspect(found)
        for _, t in ipairs(found) do
          if t.file == urls_file and t.line == expected.line then return true end
        end
      elseif response.err then
        last = vim.inspect(response.err)
      end
    end
    return false
  end)
  assert(ok, string.format('expected %s:%d, last answer %s', urls_file, expected.line + 1, last))
end)

check('vim.lsp.buf.definition() moves the cursor to that line of polls/urls.py', function()
  open(template)
  vim.api.nvim_win_set_cursor(0, { from.line + 1, from.col + #"'polls:de" })
  vim.lsp.buf.definition()
  local ok = wait_for(10000, function()
    return vim.api.nvim_buf_get_name(0) == urls_file and vim.api.nvim_win_get_cursor(0)[1] == expected.line + 1
  end)
  assert(ok, string.format('the cursor is in %s at line %d', vim.api.nvim_buf_get_name(0), vim.api.nvim_win_get_cursor(0)[1]))
end)

check('the planted broken {% url %} name is published as url-name-unknown from django-mtv', function()
  local results = 'polls/templates/polls/results.html'
  local broken = locate(results, "'polls:nope'")
  local bufnr = open(results)
  local uri = vim.uri_from_bufnr(bufnr)
  local ok = wait_for(20000, function()
    for _, d in ipairs(published[uri] or {}) do
      if d.code == 'url-name-unknown' and d.source == 'django-mtv' and d.range.start.line == broken.line then return true end
    end
    return false
  end)
  assert(ok, 'published for results.html: ' .. vim.inspect(published[uri]))
end)

say(string.format('nvim: %d passed, %d failed', passed, failed))
vim.lsp.stop_client(client_id)
vim.wait(3000, function() return vim.lsp.client_is_stopped(client_id) end, 50)
vim.cmd('cquit ' .. math.min(failed, 100))
