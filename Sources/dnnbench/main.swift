import DNNCore
print(DNNCoreInfo.version)
