prx.source("args-file", { file = "hosts.txt", command = "echo @TASK@ $H", env = "H" })
