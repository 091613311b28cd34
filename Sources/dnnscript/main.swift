import DNNCore
print("dnnscript \(DNNCoreInfo.version)")
