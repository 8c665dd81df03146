-- Drives Neovim's built-in LSP client (0.7 API: vim.lsp.start_client) against `socklint lsp --stdio`
-- the way a user would: open the file, wait for the diagnostics, put the cursor on the finding, ask
-- for code actions (:lua vim.lsp.buf.code_action()), pick the rule's preferred fix, :write.
-- Reads SOCKLINT_{NODE,CLI,WORKSPACE,FILE,RULE,RESULT} from the environment; writes what it saw as
-- JSON to SOCKLINT_RESULT, then quits.
local env = vim.env
local result = {}

local function finish(err)
  result.error = err
  vim.fn.writefile({ vim.fn.json_encode(result) }, env.SOCKLINT_RESULT)
  vim.cmd('qall!')
end

local function of_rule(bufnr)
  return vim.tbl_filter(function(d) return d.code == env.SOCKLINT_RULE end, vim.diagnostic.get(bufnr))
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(env.SOCKLINT_WORKSPACE .. '/' .. env.SOCKLINT_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'socklint',
    cmd = { env.SOCKLINT_NODE, env.SOCKLINT_CLI, 'lsp', '--stdio' },
    root_dir = env.SOCKLINT_WORKSPACE,
  })
  assert(client_id, 'vim.lsp.start_client returned nil')
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'buf_attach_client failed')

  -- The first analysis loads the TypeScript compiler and @types/node: allow for a loaded machine.
  assert(vim.wait(120000, function() return #of_rule(bufnr) > 0 end, 50), 'no ' .. env.SOCKLINT_RULE .. ' diagnostic arrived')
  result.diagnostics = vim.tbl_map(function(d)
    local lsp = d.user_data and d.user_data.lsp or {}
    return { lnum = d.lnum, col = d.col, code = d.code, message = d.message, severity = d.severity,
             href = lsp.codeDescription and lsp.codeDescription.href or vim.NIL }
  end, vim.diagnostic.get(bufnr))

  local target = of_rule(bufnr)[1]
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  -- The menu a user would see; the pick is the rule's preferred fix.
  vim.ui.select = function(items, _, on_choice)
    result.offered = vim.tbl_map(function(t) return t[2].title end, items)
    for _, t in ipairs(items) do
      local a = t[2]
      if a.isPreferred and a.diagnostics and a.diagnostics[1] and a.diagnostics[1].code == env.SOCKLINT_RULE then
        result.picked = a.title
        return on_choice(t)
      end
    end
    on_choice(nil)
  end
  vim.lsp.buf.code_action()
  assert(vim.wait(60000, function() return result.offered ~= nil end, 50), 'no code actions came back')
  assert(result.picked, 'no preferred fix for ' .. env.SOCKLINT_RULE .. ' among the code actions')
  assert(vim.bo[bufnr].modified, 'the fix did not change the buffer')
  vim.cmd('write')

  -- The server analyses the fixed text and sends its diagnostics.
  result.cleared = vim.wait(120000, function() return #of_rule(bufnr) == 0 end, 50)
  vim.lsp.stop_client(client_id)
  result.stopped = vim.wait(10000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end)
finish(not ok and tostring(err) or nil)
