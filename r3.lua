prx.source("dir", { path = "files", command = "echo @TASK@ @ARG@" })
prx.source("args-file", { file = "hosts.txt", command = "echo hi" })
