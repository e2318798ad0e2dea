// CardTestSupport: see the module's files.
