import PRXCommand

await CommandLineEntry.main()
