"""Resources shipped with the app: the style sheet, icons and (later) translations. A package only so that
they install with it; `trader_login.app.gui` finds them next to this file."""
