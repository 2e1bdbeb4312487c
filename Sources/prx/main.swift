print("prx")
