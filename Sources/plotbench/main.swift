import DNNPlot
print(DNNPlotInfo.version)
