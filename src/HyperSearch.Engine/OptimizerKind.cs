namespace HyperSearch.Engine;

/// <summary>Update rule; the momentum forms follow PyTorch's torch.optim.SGD, Adam follows Kingma &amp; Ba 2015.</summary>
public enum OptimizerKind
{
    Sgd,
    SgdMomentum,
    Nesterov,
    Adam,
}
