"""intake 信访登记: Petitions from every channel, the sentiment diary, instability screening and emergency help; classification, the three petitions and acceptance."""
