"""The command line: parsing every subcommand and flag, and the commands besides serving.

Nothing is imported here: the installed `leersessie` command loads `cli` before monkey patching,
so this package must not pull in Flask or the async libraries.
"""
