"""The two tables the seed's test reads and writes, mapped as the codebase_mcp schema has them
at revision 005 (only the columns the test touches; the others have server defaults)."""
