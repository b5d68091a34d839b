print("berthd: not yet")
