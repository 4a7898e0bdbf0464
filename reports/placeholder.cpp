// placeholder until the writers land
