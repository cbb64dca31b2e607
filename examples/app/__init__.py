"""The tester's own application package. A FastAPI or Flask project keeps its code in `app/`; this
stand-in has one small module, so the example suite shows that such a package and the installed
`trader_login` plugin load side by side."""
