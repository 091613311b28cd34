import DNNCore
