"""The view typeset: LaTeX through the templates (render), the engine (compile, prestart), the page
budget (fit, verify), the files put in place (publish); `pipeline` runs the phases in order."""
